"""Data downloads: every case as `cases.json` and `cases.csv` (front matter + the MEE role, one row per case)."""
import csv
import io
import json

from ..text import csv_cell
from ..urls import case_url

CSV_COLUMNS = [
    "slug", "title", "programme", "municipalities", "region", "province", "mee_organisation",
    "period_start", "period_end", "revisited", "summary", "themes", "gaps", "source_titles", "source_urls",
    "lat", "lon", "role", "role_label", "role_decided_by", "role_reason", "role_year", "url",
]
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' keeps it text.


def case_record(entry) -> dict:
    """The front matter as written, plus the role as the site shows it and the page URL."""
    record = dict(entry.case.meta)
    role = entry.role
    record["role"] = {"id": role.role, "label": role.label, "decided_by": role.decided_by,
                      "reason": role.reason, "year": role.year}
    record["url"] = case_url(entry.case.slug)
    return record


def cases_json(entries) -> str:
    return json.dumps([case_record(e) for e in entries], ensure_ascii=False, indent=2) + "\n"


def csv_row(entry) -> dict:
    meta, role = entry.case.meta, entry.role
    period = meta.get("period") or {}
    coordinates = meta.get("coordinates") or {}
    sources = meta.get("sources") or []
    row = {
        "slug": entry.case.slug, "title": meta.get("title"), "programme": meta.get("programme"),
        "municipalities": LIST_SEPARATOR.join(meta.get("municipalities") or []),
        "region": meta.get("region"), "province": meta.get("province"),
        "mee_organisation": meta.get("mee_organisation"),
        "period_start": period.get("start"), "period_end": period.get("end"), "revisited": meta.get("revisited"),
        "summary": " ".join(str(meta.get("summary", "")).split()),
        "themes": LIST_SEPARATOR.join(meta.get("themes") or []),
        "gaps": LIST_SEPARATOR.join(meta.get("gaps") or []),
        "source_titles": LIST_SEPARATOR.join(str(s.get("title", "")) for s in sources),
        "source_urls": LIST_SEPARATOR.join(str(s.get("url", "")) for s in sources),
        "lat": coordinates.get("lat"), "lon": coordinates.get("lon"),
        "role": role.role, "role_label": role.label, "role_decided_by": role.decided_by,
        "role_reason": role.reason, "role_year": role.year, "url": case_url(entry.case.slug),
    }
    return {key: csv_cell(value) for key, value in row.items()}


def cases_csv(entries) -> str:
    """UTF-8 CSV with a header row; the BOM lets spreadsheet programs read the accents correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(csv_row(entry))
    return "\ufeff" + buffer.getvalue()
