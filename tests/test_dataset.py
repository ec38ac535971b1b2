"""The open data: the Frictionless Data Package the site build writes (tables, schemas, keys, zip), its
versions and changelog, the /api/cases endpoint, and the files that say how to cite and reuse the
project (CITATION.cff, publiccode.yml, the licences)."""

import copy
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search.content.cases import load_cases
from search.content.validate import load_and_check
from search.content.vocabulary import load_vocabulary
from search.site import data_package, data_releases, open_data, pages, publish
from search.site.data_schema import CASE_COLUMNS, TABLES
from search.site.downloads import CSV_COLUMNS
from search.web.app import create_app

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATASET_CASES = FIXTURES / "dataset" / "cases"
GOOD = FIXTURES / "cases" / "good"
FRICTIONLESS = Path(sys.executable).parent / "frictionless"
CFFCONVERT = REPO / ".venv" / "cffconvert" / "bin" / "cffconvert"
PUBLICCODE_SCHEMA = Path(__file__).resolve().parent / "data" / "publiccode.schema.json"


@pytest.fixture(scope="module")
def entries():
    cases, problems = load_and_check([DATASET_CASES, GOOD])
    assert [p for p in problems if p.is_error] == []
    return pages.make_entries(cases)


@pytest.fixture(scope="module")
def data(entries):
    built, problems = data_package.build_open_data(entries, load_vocabulary())
    assert problems == []
    return built


def write_package(data, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in data.files.items():
        target = folder / name
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder / data_package.DESCRIPTOR


def validate(descriptor: Path) -> dict:
    """`frictionless validate` as a researcher runs it, with its JSON report."""
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", descriptor.name],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def error_types(report: dict) -> set[str]:
    return {error["type"] for task in report["tasks"] for error in task["errors"]} | {
        error["type"] for error in report["errors"]
    }


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# ---------------------------------------------------------------- the tables


def test_municipality_roles_has_one_row_per_municipality_and_period(data):
    rows = rows_of(data.csv_files["municipality_roles.csv"])
    tweestad = [
        (r["municipality"], r["period"], r["role"], r["start_year"], r["end_year"])
        for r in rows
        if r["case_slug"] == "tweestad"
    ]
    # Period 1 holds for both municipalities; period 2 names only Aandijk.
    assert tweestad == [
        ("Tweestad", "1", "generalist", "2015", "2017"),
        ("Aandijk", "1", "generalist", "2015", "2017"),
        ("Aandijk", "2", "independent", "2018", ""),
    ]
    aandijk = next(r for r in rows if r["municipality"] == "Aandijk" and r["period"] == "2")
    assert aandijk["decided_by"] == "redactie" and aandijk["province"] == "gelderland"
    assert aandijk["role_label"] == "Onafhankelijke cliëntondersteuner"
    assert aandijk["evidence"].startswith("Het jaarverslag noemt MEE vanaf 2018")
    assert aandijk["source_url"] == "https://example.org/jaarverslag-2018"


def test_a_case_without_role_history_gives_one_row_per_municipality_without_years(data, entries):
    rows = rows_of(data.csv_files["municipality_roles.csv"])
    pinned = [r for r in rows if r["case_slug"] == "pinstad"]
    assert [(r["municipality"], r["role"], r["start_year"], r["end_year"], r["decided_by"]) for r in pinned] == [
        ("Pinstad", "specialist", "", "", "redactie")
    ]
    assert pinned[0]["evidence"].startswith("Het inkoopplan noemt MEE als aanbieder van maatwerk")
    classified = [r for r in rows if r["case_slug"] == "voorbeeldstad"]
    voorbeeldstad = next(e for e in entries if e.case.slug == "voorbeeldstad")
    assert [(r["municipality"], r["role"], r["start_year"], r["decided_by"]) for r in classified] == [
        ("Voorbeeldstad", voorbeeldstad.role.role, "", "classificatie")
    ]
    # The evidence is a whole sentence of the case that the classifier leaned on.
    assert classified[0]["evidence"] and classified[0]["evidence"] in " ".join(voorbeeldstad.case.body.split())


def test_cases_csv_has_the_download_columns_and_one_row_per_case(data, entries):
    rows = rows_of(data.csv_files["cases.csv"])
    assert list(rows[0]) == CSV_COLUMNS == [c.name for c in CASE_COLUMNS]
    assert [r["slug"] for r in rows] == [e.case.slug for e in entries]
    tweestad = next(r for r in rows if r["slug"] == "tweestad")
    assert tweestad["municipalities"] == "Tweestad; Aandijk"
    assert tweestad["role"] == "independent" and tweestad["role_history"] == "2015-2017 generalist; 2018- independent"
    assert tweestad["arrangement"] == "subsidie" and tweestad["clients"] == "120"


def test_sources_csv_lists_every_source_with_what_was_read(data):
    rows = rows_of(data.csv_files["sources.csv"])
    assert [(r["case_slug"], r["number"], r["date"], r["read"]) for r in rows if r["case_slug"] == "tweestad"] == [
        ("tweestad", "1", "2015-01", "hele tekst"),
        ("tweestad", "2", "", ""),
    ]


def test_every_source_url_of_a_role_period_is_a_source_of_the_same_case(data):
    """The key frictionless cannot check (a row without history has no source): checked here."""
    sources = {(r["case_slug"], r["url"]) for r in rows_of(data.csv_files["sources.csv"])}
    for row in rows_of(data.csv_files["municipality_roles.csv"]):
        assert not row["source_url"] or (row["case_slug"], row["source_url"]) in sources


def test_package_csv_keeps_cells_as_written_and_has_no_byte_order_mark(data):
    assert not data.csv_files["cases.csv"].startswith("\ufeff")
    rows = copy.deepcopy(data.rows["cases"])
    rows[0]["summary"] = "=1+1 is hier gewone tekst"
    text = data_package.csv_text(TABLES[0], rows)
    # Scripts get the value as written; only the spreadsheet download puts a ' before it.
    assert rows_of(text)[0]["summary"] == "=1+1 is hier gewone tekst"


# ---------------------------------------------------------------- the package


def test_the_package_is_valid_for_frictionless(data, tmp_path):
    report = validate(write_package(data, tmp_path))
    assert report["valid"], error_types(report)
    assert [task["stats"]["rows"] for task in report["tasks"]] == [len(data.rows[t.name]) for t in TABLES]


def test_one_broken_row_makes_the_package_invalid(data, tmp_path):
    """A role outside the vocabulary in one row; the hash is updated so only the table schema can catch it."""
    descriptor_path = write_package(data, tmp_path)
    roles = tmp_path / "municipality_roles.csv"
    text = roles.read_text(encoding="utf-8")
    broken = text.replace(",generalist,", ",wijkcoach,", 1)
    assert broken != text
    roles.write_text(broken, encoding="utf-8", newline="")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "municipality_roles")
    resource["hash"] = "sha256:" + hashlib.sha256(roles.read_bytes()).hexdigest()
    resource["bytes"] = roles.stat().st_size
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(descriptor_path)
    assert not report["valid"]
    assert error_types(report) == {"constraint-error"}


def test_any_changed_byte_is_caught_by_the_hash(data, tmp_path):
    descriptor_path = write_package(data, tmp_path)
    sources = tmp_path / "sources.csv"
    sources.write_bytes(sources.read_bytes().replace(b"Testbureau", b"Testburo"))
    report = validate(descriptor_path)
    assert not report["valid"] and "hash-count" in error_types(report)


@pytest.mark.parametrize(
    ("resource", "row", "column", "value", "error"),
    [
        ("cases", 1, "slug", "tweestad", "primary-key"),  # two cases with one slug
        ("sources", 0, "case_slug", "nergensdorp", "foreign-key"),  # a source of a case that is not there
        ("cases", 0, "province", "vlaanderen", "constraint-error"),  # not a province in the vocabulary
        ("cases", 0, "themes", "wijkteam; breien", "constraint-error"),  # one theme not in the vocabulary
        ("municipality_roles", 0, "start_year", "ergens in 2015", "type-error"),
    ],
)
def test_keys_and_closed_lists_are_enforced(data, tmp_path, resource, row, column, value, error):
    rows = copy.deepcopy(data.rows)
    rows[resource][row][column] = value
    table = next(t for t in TABLES if t.name == resource)
    broken = replace(data, csv_files={**data.csv_files, table.file: data_package.csv_text(table, rows[resource])})
    descriptor = data_package.package_descriptor(
        data.meta, data.version, data.releases, broken.csv_files, load_vocabulary()
    )
    broken = replace(broken, descriptor=descriptor)
    report = validate(write_package(broken, tmp_path))
    assert error in error_types(report)


def test_closed_lists_come_from_the_vocabulary_at_build_time(entries):
    vocabulary = load_vocabulary()
    longer = replace(vocabulary, roles={**vocabulary.roles, "mentor": {"label": "Mentor", "short": "Mentor"}})
    built, _ = data_package.build_open_data(entries, longer)
    fields = {(r["name"], f["name"]): f for r in built.descriptor["resources"] for f in r["schema"]["fields"]}
    assert fields[("cases", "role")]["constraints"]["enum"] == [*vocabulary.roles, "mentor"]
    assert "Mentor" in fields[("municipality_roles", "role_label")]["constraints"]["enum"]
    assert fields[("cases", "province")]["constraints"]["enum"] == list(vocabulary.provinces)
    # Bounds come from cases/schema.json: the years a role period may name.
    assert fields[("municipality_roles", "start_year")]["constraints"] == {"maximum": 2100, "minimum": 1990}


def test_every_table_has_a_primary_key_and_references_the_cases(data):
    resources = {r["name"]: r for r in data.descriptor["resources"]}
    assert resources["cases"]["schema"]["primaryKey"] == ["slug"]
    assert resources["municipality_roles"]["schema"]["primaryKey"] == ["case_slug", "municipality", "period"]
    for name in ("municipality_roles", "sources"):
        assert {"fields": ["case_slug"], "reference": {"resource": "cases", "fields": ["slug"]}} in resources[name][
            "schema"
        ]["foreignKeys"]


def test_the_package_carries_licence_version_changelog_and_citation(data):
    descriptor = data.descriptor
    assert [lic["name"] for lic in descriptor["licenses"]] == ["CC-BY-4.0"]
    assert descriptor["code_license"]["name"] == "EUPL-1.2"
    newest = data.releases[0]
    # The fixtures are not the real cases, so the data is marked as changed since the newest version.
    assert descriptor["version"] == f"{newest.version}+{data.version.fingerprint[:8]}"
    assert descriptor["changelog"][0]["version"] == newest.version
    assert descriptor["version"] in descriptor["citation"] and "[dataset]" in descriptor["citation"]


def test_the_zip_is_byte_identical_when_the_content_is(entries, data):
    again, _ = data_package.build_open_data(entries, load_vocabulary())
    assert again.zip_bytes == data.zip_bytes
    with zipfile.ZipFile(io.BytesIO(data.zip_bytes)) as archive:
        names = archive.namelist()
        assert names == sorted(["cases.csv", "municipality_roles.csv", "sources.csv", "datapackage.json"])
        date = tuple(int(part) for part in data.version.release.date.split("-"))
        assert {info.date_time for info in archive.infolist()} == {(*date, 0, 0, 0)}
        assert archive.read("datapackage.json").decode("utf-8") == data.files["datapackage.json"]
        assert archive.read("cases.csv").decode("utf-8") == data.csv_files["cases.csv"]


def test_the_zip_itself_validates(data, tmp_path):
    write_package(data, tmp_path)
    result = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", data_package.ZIP_NAME],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stdout)["valid"]


def test_the_page_explains_every_column_and_links_the_files_relatively(entries):
    files, problems = open_data.open_data_files(entries, load_vocabulary())
    assert problems == []
    page = files[f"{pages.GENERATED_FOLDER}/{data_package.PAGE}"]
    for table in TABLES:
        assert f"]({data_package.FOLDER}/{table.file})" in page
        for column in table.columns:
            assert f"- `{column.name}` (" in page
    assert f"]({data_package.FOLDER}/{data_package.ZIP_NAME})" in page
    assert "](/" not in page  # relative links only: the site may live under a sub-path
    assert "## Zo noemt u de bron" in page and "## Versies" in page and "CC-BY-4.0" in page


# ---------------------------------------------------------------- versions


def test_the_changelog_reads_without_problems_and_is_newest_first():
    releases, problems = data_releases.load_releases()
    assert problems == []
    keys = [data_releases.version_key(r) for r in releases]
    assert keys == sorted(keys, reverse=True)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ('- version: "2026.12"\n  date: "2026-12-04"\n  changes: [x]\n', "JJJJ.MM.N"),
        ('- version: "2026.11.0"\n  date: "2026-12-04"\n  changes: [x]\n', "jaar en maand"),
        ('- version: "2026.12.0"\n  date: "2026-12-04"\n', "changes"),
        (
            '- version: "2026.11.0"\n  date: "2026-11-01"\n  changes: [x]\n  fingerprint: ab\n'
            '- version: "2026.12.0"\n  date: "2026-12-01"\n  changes: [y]\n',
            "niet ouder",
        ),
        ('- version: "2026.12.0"\n  date: "2026-12-04"\n  changes: [x]\n', "fingerprint"),
        ("version: 1\n", "geen lijst"),
    ],
)
def test_a_wrong_changelog_gets_a_problem_that_says_what_to_write(tmp_path, text, wanted):
    path = tmp_path / "changelog.yml"
    path.write_text(text, encoding="utf-8")
    releases, problems = data_releases.load_releases(path)
    assert problems and wanted in problems[0].message


def test_a_wrong_changelog_stops_the_build_with_its_line(tmp_path, entries, monkeypatch):
    path = tmp_path / "changelog.yml"
    path.write_text(
        '- version: "2026.12.0"\n  date: "2026-12-04"\n  changes: [x]\n  fingerprint: a\n'
        '- version: "eerste"\n  date: "2026-11-22"\n  changes: [y]\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(data_releases, "CHANGELOG_PATH", path)
    files, problems = open_data.open_data_files(entries, load_vocabulary())
    assert files == {} and [(p.line, "eerste" in p.message) for p in problems] == [(5, True)]


def test_the_newest_version_describes_the_current_data():
    """Adding or removing a case, or changing a role or its years, needs a new version in the changelog."""
    cases, problems = load_cases()
    assert problems == []
    entries = pages.make_entries(cases)
    rows = data_package.table_rows(entries, load_vocabulary())
    releases, _ = data_releases.load_releases()
    slugs = {e.case.slug for e in entries}
    listed = set()
    for release in reversed(releases):
        listed = (listed | set(release.added)) - set(release.removed)
    fingerprint = data_releases.fingerprint(slugs, rows["municipality_roles"])
    message = (
        f"De open data is veranderd sinds versie {releases[0].version}. Nieuwe voorbeelden: "
        f"{sorted(slugs - listed) or 'geen'}; verdwenen: {sorted(listed - slugs) or 'geen'}; anders: rollen of "
        f"jaren. Zet een nieuwe versie bovenaan {data_releases.CHANGELOG_PATH.relative_to(REPO)} met "
        f"'fingerprint: {fingerprint}', en zet die versie ook in CITATION.cff."
    )
    assert listed == slugs and releases[0].fingerprint == fingerprint, message


# ---------------------------------------------------------------- the built site and the server


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from tests.site_checks import build_real_site

    return build_real_site(tmp_path_factory.mktemp("dataset-site") / "site")


@pytest.mark.slow
def test_the_built_site_holds_a_valid_package_with_a_row_per_municipality_and_period(site):
    folder = site / pages.GENERATED_FOLDER / data_package.FOLDER
    for name in ("datapackage.json", "cases.csv", "municipality_roles.csv", "sources.csv", data_package.ZIP_NAME):
        assert (folder / name).is_file(), name
    report = validate(folder / "datapackage.json")
    assert report["valid"], error_types(report)
    cases, _ = load_cases()
    entries = {e.case.slug: e for e in pages.make_entries(cases)}
    expected = sum(
        sum(1 for p in e.role.history for m in e.case.meta["municipalities"] if p.applies_to(m))
        if e.role.history
        else len(e.case.meta["municipalities"])
        for e in entries.values()
    )
    rows = rows_of((folder / "municipality_roles.csv").read_text(encoding="utf-8"))
    assert len(rows) == expected
    assert len({(r["case_slug"], r["municipality"], r["period"]) for r in rows}) == expected


@pytest.mark.slow
def test_overview_and_data_page_link_the_download_relatively(site):
    from bs4 import BeautifulSoup

    overview = BeautifulSoup((site / "praktijkvoorbeelden" / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = [a["href"] for a in overview.select("a[href]")]
    assert f"{data_package.FOLDER}/{data_package.ZIP_NAME}" in hrefs
    assert f"{data_package.FOLDER}/" in hrefs  # the page about the data
    page = BeautifulSoup(
        (site / "praktijkvoorbeelden" / data_package.FOLDER / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert data_package.ZIP_NAME in [a["href"] for a in page.select("a[href]")]


@pytest.mark.slow
def test_the_zip_downloads_from_the_server_and_rebuilding_keeps_its_bytes(site, tmp_path):
    zip_path = site / pages.GENERATED_FOLDER / data_package.FOLDER / data_package.ZIP_NAME
    app = create_app(index_dir=tmp_path / "geen-index", site_dir=site)
    with TestClient(app) as client:
        response = client.get(f"/{pages.GENERATED_FOLDER}/{data_package.FOLDER}/{data_package.ZIP_NAME}")
    assert response.status_code == 200 and response.content == zip_path.read_bytes()
    cases, _ = load_cases()
    # The same content at the same site address (the page addresses in cases.csv start with it).
    site_url = publish.default_site_url((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    rebuilt, _ = data_package.build_open_data(pages.make_entries(cases), load_vocabulary(), site_url=site_url)
    assert rebuilt.zip_bytes == zip_path.read_bytes()
