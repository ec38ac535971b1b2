"""/api/cases: every case with the columns of cases.csv, a page at a time, read from the open-data package of
the built site (here a tiny stand-in site with the package of three invented cases)."""

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from search.site import data_package, pages
from search.site.downloads import CSV_COLUMNS
from search.web.app import create_app
from tests.webapp import make_site

FOLDER = f"{pages.GENERATED_FOLDER}/{data_package.FOLDER}"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    base = tmp_path_factory.mktemp("web-cases")
    site = make_site(base / "site")
    app = create_app(index_dir=base / "geen-index", site_dir=site)
    with TestClient(app) as client:
        yield client, site


def rows_in(site) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / FOLDER / "cases.csv").read_text(encoding="utf-8"))))


def test_pages_of_cases_follow_the_order_of_cases_csv(served):
    client, site = served
    rows = rows_in(site)
    first = client.get("/api/cases", params={"per_pagina": 2}).json()
    second = client.get("/api/cases", params={"per_pagina": 2, "pagina": 2}).json()
    assert (first["total"], first["page"], first["page_size"]) == (len(rows), 1, 2)
    assert [c["slug"] for c in first["cases"] + second["cases"]] == [r["slug"] for r in rows]
    past_the_end = client.get("/api/cases", params={"per_pagina": 2, "pagina": 3}).json()
    assert past_the_end["cases"] == [] and past_the_end["total"] == len(rows)


def test_every_case_has_the_columns_and_values_of_cases_csv_with_types(served):
    client, site = served
    body = client.get("/api/cases", params={"per_pagina": 100}).json()
    rows = rows_in(site)
    assert [list(case) for case in body["cases"]] == [CSV_COLUMNS] * len(rows)
    for case, row in zip(body["cases"], rows, strict=True):
        assert {key: "" if value is None else str(value) for key, value in case.items()} == row
    assert all(isinstance(case["period_start"], int) for case in body["cases"])
    assert all(case["lat"] is None or isinstance(case["lat"], float) for case in body["cases"])
    descriptor = json.loads((site / FOLDER / "datapackage.json").read_text(encoding="utf-8"))
    assert body["version"] == descriptor["version"]


def test_openapi_describes_every_column_and_the_page_parameters(served):
    client, _ = served
    spec = client.get("/api/openapi.json").json()
    assert list(spec["components"]["schemas"]["CaseRow"]["properties"]) == CSV_COLUMNS
    assert spec["components"]["schemas"]["CaseRow"]["properties"]["slug"]["type"] == "string"
    operation = spec["paths"]["/api/cases"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["pagina", "per_pagina"]
    assert {"200", "422", "503"} <= set(operation["responses"])


def test_a_page_number_out_of_bounds_gets_a_dutch_message(served):
    client, _ = served
    response = client.get("/api/cases", params={"pagina": 0})
    assert response.status_code == 422
    assert response.json()["meldingen"][0]["parameter"] == "pagina"


def test_a_rebuilt_site_is_read_again(served, tmp_path):
    client, site = served
    csv_path = site / FOLDER / "cases.csv"
    original = csv_path.read_text(encoding="utf-8")
    try:
        lines = original.splitlines(keepends=True)
        csv_path.write_text(lines[0] + lines[1], encoding="utf-8", newline="")  # a site with one case
        assert client.get("/api/cases").json()["total"] == 1
    finally:
        csv_path.write_text(original, encoding="utf-8", newline="")
    assert client.get("/api/cases").json()["total"] == len(rows_in(site))


def test_without_a_built_site_the_answer_says_what_to_do(tmp_path):
    app = create_app(index_dir=tmp_path / "index", site_dir=tmp_path / "site")
    with TestClient(app) as client:
        response = client.get("/api/cases")
    assert response.status_code == 503 and "make site" in response.json()["fout"]


def test_a_package_from_older_code_is_not_served_as_if_current(tmp_path):
    site = make_site(tmp_path / "site")
    csv_path = site / FOLDER / "cases.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("slug,", "naam,", 1), encoding="utf-8")
    with TestClient(create_app(index_dir=tmp_path / "index", site_dir=site)) as client:
        response = client.get("/api/cases")
    assert response.status_code == 503 and "opnieuw" in response.json()["fout"]
