"""Data downloads for spreadsheets and scripts: every case as `cases.json` and `cases.csv` (front matter, the MEE
role now and in 2015, and the role history; one row per case). The described, versioned open-data package
with the same columns is `data_package.py`."""

import csv
import io
import json

from ..text import csv_cell
from ..urls import case_url
from .data_schema import CASE_COLUMNS
from .data_tables import case_row

# The columns of the spreadsheet download are those of cases.csv in the open-data package (data_schema.py).
CSV_COLUMNS = [column.name for column in CASE_COLUMNS]


def case_record(entry, site_url: str = "/") -> dict:
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
    record["url"] = case_url(entry.case.slug, base=site_url)
    return record


def cases_json(entries, site_url: str = "/") -> str:
    return json.dumps([case_record(e, site_url) for e in entries], ensure_ascii=False, indent=2) + "\n"


def csv_row(entry, site_url: str = "/") -> dict:
    """The case as a spreadsheet row: the open-data row with every cell made safe for spreadsheets."""
    return {key: csv_cell(value) for key, value in case_row(entry, site_url).items()}


def cases_csv(entries, site_url: str = "/") -> str:
    """UTF-8 CSV with a header row; the BOM lets spreadsheet programs read the accents correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(csv_row(entry, site_url))
    return "\ufeff" + buffer.getvalue()
