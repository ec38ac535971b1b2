"""Downloads of a result set as CSV or JSON, built from the engine's flat `result_rows`."""

import csv
import html
import io
import json
import re
from urllib.parse import urljoin

from ..text import csv_cell

_TAG = re.compile(r"</?mark>")
# A spreadsheet runs a cell that starts with one of these as a formula; a leading quote stops that.


def export_rows(rows: list[dict], base_url: str) -> list[dict]:
    """Rows with full links (a download leaves the site) and snippets as plain text."""
    cleaned = []
    for row in rows:
        row = dict(row)
        if isinstance(row.get("url"), str):
            row["url"] = urljoin(base_url, row["url"])
        if isinstance(row.get("snippet"), str):
            row["snippet"] = html.unescape(_TAG.sub("", row["snippet"]))
        cleaned.append(row)
    return cleaned


def to_csv(rows: list[dict]) -> str:
    """CSV with a header row; a byte-order mark first so spreadsheet programs read the accents right."""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns or ["slug", "title", "section", "score", "snippet", "url"])
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return "\ufeff" + buffer.getvalue()


def to_json(rows: list[dict], query: dict) -> str:
    return json.dumps({"zoekvraag": query, "aantal": len(rows), "resultaten": rows}, ensure_ascii=False, indent=1)
