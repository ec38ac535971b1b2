"""Downloads of a result set as CSV or JSON, built from the engine's flat result rows.

The downloads are streamed: `csv_chunks` and `json_chunks` turn an iterator of rows into pieces of text as the
rows come, so a large result set is never held in memory at once; the engine caps how many rows there are.
"""

import csv
import html
import io
import json
import re
from urllib.parse import urljoin

from ..text import csv_cell

_TAG = re.compile(r"</?mark>")
COLUMNS = ("slug", "title", "section", "anchor", "score", "snippet", "url", "role", "province", "kind")
ROWS_PER_CHUNK = 50  # rows per piece of a streamed download


def export_row(row: dict, base_url: str) -> dict:
    """A row with a full link (a download leaves the site) and its snippet as plain text."""
    row = dict(row)
    if isinstance(row.get("url"), str):
        row["url"] = urljoin(base_url, row["url"])
    if isinstance(row.get("snippet"), str):
        row["snippet"] = html.unescape(_TAG.sub("", row["snippet"]))
    return row


def csv_line(values) -> str:
    buffer = io.StringIO()
    # A spreadsheet runs a cell that starts with = + - @ as a formula; csv_cell puts a quote before it.
    csv.writer(buffer, lineterminator="\r\n").writerow([csv_cell(v) for v in values])
    return buffer.getvalue()


def to_csv(rows: list[dict]) -> str:
    """CSV with a header row; a byte-order mark first so spreadsheet programs read the accents right."""
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    columns = columns or ["slug", "title", "section", "score", "snippet", "url"]
    return "\ufeff" + csv_line(columns) + "".join(csv_line([row.get(column) for column in columns]) for row in rows)


def chunked(rows, render_row, size: int = ROWS_PER_CHUNK):
    """Rendered rows joined into pieces of `size` rows."""
    piece = []
    for row in rows:
        piece.append(render_row(row))
        if len(piece) >= size:
            yield "".join(piece)
            piece = []
    if piece:
        yield "".join(piece)


def csv_chunks(rows, base_url: str):
    """A streamed CSV download: the byte-order mark and header first, then the rows in pieces."""
    yield "\ufeff" + csv_line(COLUMNS)
    yield from chunked(rows, lambda row: csv_line([export_row(row, base_url).get(c) for c in COLUMNS]))


def json_chunks(rows, base_url: str, query: dict, total_groups: int, limits: dict, was_cut):
    """A streamed JSON download: {"zoekvraag", "totaal_groepen", "grenzen", "resultaten": [...], "aantal",
    "afgekapt"}; count and cut come last, because they are only known when the rows have been written
    (`was_cut()` tells then whether a limit left results out)."""
    head = {"zoekvraag": query, "totaal_groepen": total_groups, "grenzen": limits}
    yield json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "resultaten": ['
    count = [0]

    def render(row):
        count[0] += 1
        return ("," if count[0] > 1 else "") + "\n  " + json.dumps(export_row(row, base_url), ensure_ascii=False)

    yield from chunked(rows, render)
    yield f'\n ],\n "aantal": {count[0]},\n "afgekapt": {json.dumps(bool(was_cut()))}\n}}'
