"""The open data as a Frictionless (Tabular) Data Package: three CSV tables, `datapackage.json` describing
them, and one zip with all four, byte-identical whenever the content is (fixed order, times and modes).

The CSV files are for scripts: UTF-8 without a byte-order mark, RFC 4180, cells exactly as the data says
(the spreadsheet download `cases.csv` next to the overview defuses formula-like cells instead).
"""

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from .. import config
from ..content.vocabulary import Vocabulary
from . import data_releases, data_tables
from .data_releases import CurrentVersion, Release
from .data_schema import TABLES, Table, table_schema

FOLDER = "open-data"  # inside the generated folder: /praktijkvoorbeelden/open-data/…
PAGE = "open-data.md"  # the page about the package, beside that folder
DESCRIPTOR = "datapackage.json"
ZIP_NAME = "kennisbank-clientondersteuning-open-data.zip"
LINE_END = "\r\n"
ZIP_FILE_MODE = 0o644 << 16  # rw-r--r--, as a Unix zip records it
ZIP_CREATED_ON_UNIX = 3


@dataclass(frozen=True)
class OpenData:
    """Everything the package and its page need, computed once."""

    rows: dict  # table name -> list of row dicts (plain values)
    csv_files: dict  # file name -> CSV text
    descriptor: dict  # datapackage.json as data
    version: CurrentVersion
    releases: tuple  # Release, newest first
    meta: dict  # data/dataset/package.yml
    zip_bytes: bytes

    @property
    def files(self) -> dict:
        """{file name inside the package folder: text or bytes}."""
        return {**self.csv_files, DESCRIPTOR: descriptor_json(self.descriptor), ZIP_NAME: self.zip_bytes}


def table_rows(entries, vocabulary: Vocabulary, site_url: str = "/") -> dict:
    return {
        "cases": [data_tables.case_row(e, site_url) for e in entries],
        "municipality_roles": [row for e in entries for row in data_tables.municipality_role_rows(e, vocabulary)],
        "sources": [row for e in entries for row in data_tables.source_rows(e)],
    }


def cell(value) -> str:
    return "" if value is None else str(value)


def csv_text(table: Table, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=LINE_END)
    names = [column.name for column in table.columns]
    writer.writerow(names)
    writer.writerows([cell(row.get(name)) for name in names] for row in rows)
    return buffer.getvalue()


def descriptor_json(descriptor: dict) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def citation(meta: dict, version: str, year: str) -> str:
    """How to cite the data, in the usual author (year). title (version) [dataset]. where form."""
    authors = ", ".join(c["title"] for c in meta.get("contributors") or [])
    return f"{authors} ({year}). {meta['title']} (versie {version}) [dataset]. {config.REPOSITORY_URL}"


def release_record(release: Release) -> dict:
    record = {"version": release.version, "date": release.date, "changes": list(release.changes)}
    if release.added:
        record["added"] = list(release.added)
    if release.removed:
        record["removed"] = list(release.removed)
    return record


def package_descriptor(meta: dict, version: CurrentVersion, releases, csv_files: dict, vocabulary: Vocabulary) -> dict:
    release = version.release
    resources = []
    for table in TABLES:
        data = csv_files[table.file].encode("utf-8")
        resources.append(
            {
                "name": table.name,
                "path": table.file,
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "schema": table_schema(table, vocabulary),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": meta["name"],
        "title": meta["title"],
        "description": " ".join(meta["description"].split()),
        "version": version.version,
        "created": f"{release.date}T00:00:00Z",
        "homepage": config.REPOSITORY_URL,
        "keywords": list(meta.get("keywords") or []),
        "licenses": list(meta["licenses"]),
        "contributors": list(meta.get("contributors") or []),
        # Not part of the Data Package standard (extra properties are allowed): how to cite, the code's
        # licence, and what changed per version.
        "citation": citation(meta, version.version, release.date[:4]),
        "code_license": meta.get("code_license"),
        "changelog": [release_record(r) for r in releases],
        "resources": resources,
    }


def zip_archive(files: dict, date: str) -> bytes:
    """A zip of {name: text}, the same bytes for the same files: fixed order, time (the version's date) and modes."""
    year, month, day = (int(part) for part in date.split("-"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(year, month, day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = ZIP_CREATED_ON_UNIX
            info.external_attr = ZIP_FILE_MODE
            content = files[name]
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content, compresslevel=9)
    return buffer.getvalue()


def build_open_data(
    entries, vocabulary: Vocabulary, releases=None, meta=None, site_url: str = "/"
) -> tuple[OpenData | None, list]:
    """The package for these case entries, or the problems in the changelog that stop it. Page addresses
    start with site_url (the published site's address)."""
    problems = []
    if releases is None:
        releases, problems = data_releases.load_releases()
    if problems:
        return None, problems
    meta = meta or data_releases.load_package_meta()
    rows = table_rows(entries, vocabulary, site_url)
    csv_files = {table.file: csv_text(table, rows[table.name]) for table in TABLES}
    version = data_releases.current_version(
        releases, data_releases.fingerprint([r["slug"] for r in rows["cases"]], rows["municipality_roles"])
    )
    descriptor = package_descriptor(meta, version, releases, csv_files, vocabulary)
    archive = zip_archive({**csv_files, DESCRIPTOR: descriptor_json(descriptor)}, version.release.date)
    return OpenData(rows, csv_files, descriptor, version, tuple(releases), meta, archive), []
