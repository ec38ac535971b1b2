"""/api/cases: every case with the columns of cases.csv, a page at a time, as JSON.

The rows come from the open-data package in the built site (praktijkvoorbeelden/open-data/), so the API
gives exactly what the download gives, typed by the same column list (search/site/data_schema.py). The
file is read again only when the site was rebuilt.
"""

import csv
import json
import os
import threading
from pathlib import Path
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, Field, create_model

from .. import config
from ..site.data_package import DESCRIPTOR, FOLDER
from ..site.data_schema import CASE_COLUMNS, table_named
from ..urls import CASES_PATH

PYTHON_TYPES = {"string": str, "integer": int, "number": float}
MISSING = "De open data ontbreekt: bouw eerst de site met `make site`."
OUTDATED = "De open data in de gebouwde site heeft andere kolommen: bouw de site opnieuw met `make site`."
UNREADABLE = "De open data in de gebouwde site is niet te lezen: bouw de site opnieuw met `make site`."

Page = Annotated[int, Query(ge=1, le=config.WEB_MAX_PAGE, description="Paginanummer, vanaf 1.")]
PageSize = Annotated[
    int, Query(ge=1, le=config.WEB_MAX_PAGE_SIZE, description="Aantal praktijkvoorbeelden per pagina.")
]


def case_row_model() -> type[BaseModel]:
    """One row of cases.csv as a model: the OpenAPI description lists every column with its type."""
    fields = {}
    for column in CASE_COLUMNS:
        kind = PYTHON_TYPES[column.type]
        if column.required:
            fields[column.name] = (kind, Field(description=column.description))
        else:
            fields[column.name] = (kind | None, Field(None, description=column.description))
    return create_model("CaseRow", **fields)


CaseRow = case_row_model()


class CasesPage(BaseModel):
    version: str = Field(description="Versie van de open data, zoals in datapackage.json.")
    page: int
    page_size: int
    total: int = Field(description="Aantal praktijkvoorbeelden in totaal.")
    cases: list[CaseRow] = Field(description="De praktijkvoorbeelden van deze pagina, in de volgorde van cases.csv.")


class OpenDataUnavailable(Exception):
    """The built site has no (readable, current) open-data package; the message says what to do."""


def typed(value: str, kind: str):
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return value


class CaseTable:
    """The cases table of the built site, parsed once per build."""

    def __init__(self, site_dir: Path):
        folder = Path(site_dir) / CASES_PATH / FOLDER
        self.csv_path = folder / table_named("cases").file
        self.descriptor_path = folder / DESCRIPTOR
        self._lock = threading.Lock()
        self._stamp = None
        self._loaded: tuple[str, list] = ("", [])

    def stamp(self) -> tuple:
        try:
            return tuple(
                (s.st_ino, s.st_mtime_ns, s.st_size) for s in map(os.stat, (self.csv_path, self.descriptor_path))
            )
        except OSError:
            raise OpenDataUnavailable(MISSING) from None

    def load(self) -> tuple[str, list]:
        stamp = self.stamp()
        with self._lock:
            if stamp != self._stamp:
                self._loaded, self._stamp = self.read(), stamp
            return self._loaded

    def read(self) -> tuple[str, list]:
        """The version and the typed rows; a missing, outdated or broken file is OpenDataUnavailable."""
        kinds = {column.name: column.type for column in CASE_COLUMNS}
        try:
            version = json.loads(self.descriptor_path.read_text(encoding="utf-8"))["version"]
            with open(self.csv_path, encoding="utf-8", newline="") as handle:
                reader = csv.DictReader(handle)
                if reader.fieldnames != list(kinds):
                    raise OpenDataUnavailable(OUTDATED)
                rows = [CaseRow(**{name: typed(value, kinds[name]) for name, value in row.items()}) for row in reader]
        except (OSError, ValueError, KeyError, TypeError):  # pydantic's ValidationError is a ValueError
            raise OpenDataUnavailable(UNREADABLE) from None
        return str(version), rows

    def page(self, page: int, page_size: int) -> CasesPage:
        version, rows = self.load()
        start = (page - 1) * page_size
        return CasesPage(
            version=version, page=page, page_size=page_size, total=len(rows), cases=rows[start : start + page_size]
        )
