"""Data downloads: every case as `cases.json` and `cases.csv` (front matter, the MEE role now and in 2015, and the
role history; one row per case)."""

import csv
import io
import json

from ..text import csv_cell
from ..urls import case_url

CSV_COLUMNS = [
    "slug",
    "title",
    "programme",
    "municipalities",
    "region",
    "province",
    "mee_organisation",
    "period_start",
    "period_end",
    "revisited",
    "summary",
    "themes",
    "gaps",
    "source_titles",
    "source_urls",
    "lat",
    "lon",
    "role",
    "role_label",
    "role_decided_by",
    "role_reason",
    "role_year",
    "role_2015",
    "role_history",
    "arrangement",
    "arrangement_year",
    "budget",
    "clients",
    "clients_year",
    "other_providers",
    "transition",
    "organisation_today",
    "organisation_today_url",
    "url",
]
LIST_SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' keeps it text.


def case_record(entry) -> dict:
    """The front matter as written, plus the role as the site shows it and the page URL."""
    record = dict(entry.case.meta)
    role = entry.role
    record["role"] = {
        "id": role.role,
        "label": role.label,
        "decided_by": role.decided_by,
        "reason": role.reason,
        "year": role.year,
        "role_2015": role.role_in_transition_year,
    }
    record["role_history"] = [period.as_dict() for period in role.history]
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
        "slug": entry.case.slug,
        "title": meta.get("title"),
        "programme": meta.get("programme"),
        "municipalities": LIST_SEPARATOR.join(meta.get("municipalities") or []),
        "region": meta.get("region"),
        "province": meta.get("province"),
        "mee_organisation": meta.get("mee_organisation"),
        "period_start": period.get("start"),
        "period_end": period.get("end"),
        "revisited": meta.get("revisited"),
        "summary": " ".join(str(meta.get("summary", "")).split()),
        "themes": LIST_SEPARATOR.join(meta.get("themes") or []),
        "gaps": LIST_SEPARATOR.join(meta.get("gaps") or []),
        "source_titles": LIST_SEPARATOR.join(str(s.get("title", "")) for s in sources),
        "source_urls": LIST_SEPARATOR.join(str(s.get("url", "")) for s in sources),
        "lat": coordinates.get("lat"),
        "lon": coordinates.get("lon"),
        "role": role.role,
        "role_label": role.label,
        "role_decided_by": role.decided_by,
        "role_reason": role.reason,
        "role_year": role.year,
        "role_2015": role.role_in_transition_year,
        "role_history": LIST_SEPARATOR.join(f"{history_years(p)} {p.role}" for p in role.history),
        "arrangement": part(meta, "arrangement", "kind"),
        "arrangement_year": part(meta, "arrangement", "year"),
        "budget": part(meta, "budget", "text"),
        "clients": part(meta, "clients", "count"),
        "clients_year": part(meta, "clients", "year"),
        "other_providers": LIST_SEPARATOR.join(part(meta, "other_providers", "names") or []),
        "transition": part(meta, "transition", "text"),
        "organisation_today": part(meta, "organisation_today", "name"),
        "organisation_today_url": part(meta, "organisation_today", "url"),
        "url": case_url(entry.case.slug),
    }
    return {key: csv_cell(value) for key, value in row.items()}


def part(meta: dict, name: str, key: str):
    value = meta.get(name)
    return value.get(key) if isinstance(value, dict) else None


def history_years(period) -> str:
    """'2015-2021', '2021-' (still holds): the years of a period in a CSV cell."""
    return f"{period.start}-{period.end if period.end is not None else ''}"


def cases_csv(entries) -> str:
    """UTF-8 CSV with a header row; the BOM lets spreadsheet programs read the accents correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(csv_row(entry))
    return "\ufeff" + buffer.getvalue()
