"""The JSON API and the downloads of the researcher server, over a tiny index of three invented cases."""

import csv
import io
import json
import shutil

import pytest
from fastapi.testclient import TestClient

from search.content.vocabulary import load_vocabulary
from search.web.app import create_app
from search.web.export import to_csv
from tests.webapp import WEB_CASES, build_index, make_site


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    base = tmp_path_factory.mktemp("web-api")
    cases = base / "cases"
    shutil.copytree(WEB_CASES, cases)
    index = base / "index"
    build_index(index, cases=cases)
    app = create_app(index_dir=index, site_dir=make_site(base / "site"))
    with TestClient(app) as client:
        yield {"client": client, "cases": cases, "index": index}


def search(web, **params) -> dict:
    response = web["client"].get("/api/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def slugs(body) -> list[str]:
    return [group["slug"] for group in body["groups"]]


def test_results_are_grouped_by_case_with_every_matching_section(web):
    body = search(web, q="wijkteam")
    assert slugs(body) == ["voorbeeldstad", "testveen"]
    assert (body["total_groups"], body["total_hits"]) == (2, 4)
    first = body["groups"][0]
    assert [hit["anchor"] for hit in first["hits"]] == ["in-het-kort", "rol-van-mee", "aanpak"]
    assert first["hits"][0]["url"] == "/praktijkvoorbeelden/voorbeeldstad/#in-het-kort"
    assert "<mark>wijkteams</mark>" in first["hits"][0]["snippet"]
    assert (first["role"], first["role_label"]) == ("generalist", "Generalist in een wijkteam")
    assert first["province"] == "utrecht" and first["years"] == [2013, 2014]


def test_facets_count_cases_per_value(web):
    facets = search(web, q="wijkteam")["facets"]
    assert set(facets) == {"role", "province", "municipality", "theme", "year"}
    assert [(f["value"], f["count"]) for f in facets["theme"]] == [
        ("wijkteam", 2),
        ("onafhankelijkheid", 1),
        ("vraagverheldering", 1),
    ]
    assert [(f["value"], f["label"]) for f in facets["province"]] == [
        ("noord-holland", "Noord-Holland"),
        ("utrecht", "Utrecht"),
    ]
    assert [(f["value"], f["count"]) for f in facets["year"]] == [("2013", 1), ("2014", 2)]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"provincie": "limburg"}, ["proefdorp"]),
        ({"rol": "specialist"}, ["proefdorp"]),
        ({"gemeente": "Proefmeer"}, ["testveen"]),
        ({"thema": "maatwerk"}, ["proefdorp"]),
        ({"jaar": "2012"}, ["proefdorp"]),
        ({"provincie": "utrecht", "thema": "maatwerk"}, []),
    ],
)
def test_each_filter_narrows_the_results(web, params, expected):
    assert slugs(search(web, q="mee", **params)) == expected


def test_filters_alone_list_the_matching_cases(web):
    assert slugs(search(web, q="", provincie="noord-holland")) == ["testveen"]


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("jaar", ["voorbeeldstad", "testveen", "proefdorp"]),
        ("gemeente", ["proefdorp", "testveen", "voorbeeldstad"]),
    ],
)
def test_sorting_by_year_and_municipality(web, sort, expected):
    assert slugs(search(web, q="mee", sorteer=sort)) == expected


def test_pages_split_the_groups(web):
    everything = slugs(search(web, q="mee"))
    pages = [search(web, q="mee", per_pagina=1, pagina=n) for n in (1, 2, 3, 4)]
    assert [slugs(page) for page in pages] == [[everything[0]], [everything[1]], [everything[2]], []]
    assert {(page["total_groups"], page["page_size"]) for page in pages} == {(3, 1)}


def test_hand_written_pages_are_found_too(web):
    body = search(web, q='"warme overdracht"')
    assert [(g["kind"], g["url"]) for g in body["groups"]] == [("page", "/overdracht/")]
    assert body["groups"][0]["hits"][0]["url"] == "/overdracht/#warme-overdracht"


def test_typo_gets_a_suggestion(web):
    body = search(web, q="wijkteem")
    assert (body["total_groups"], body["suggestion"]) == (0, "wijkteam")


def test_advanced_syntax_prefix_and_field(web):
    assert slugs(search(web, q="keukentafel*")) == ["voorbeeldstad"]
    assert slugs(search(web, q="titel:Proefdorp")) == ["proefdorp"]


def test_csv_export_holds_every_hit_with_full_links(web):
    response = web["client"].get("/zoeken/export.csv", params={"q": "wijkteam", "pagina": 1})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="zoekresultaten.csv"'
    assert response.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [(row["slug"], row["anchor"]) for row in rows] == [
        ("voorbeeldstad", "in-het-kort"),
        ("voorbeeldstad", "rol-van-mee"),
        ("voorbeeldstad", "aanpak"),
        ("testveen", "betrokken-partijen"),
    ]
    assert rows[0]["url"] == "http://testserver/praktijkvoorbeelden/voorbeeldstad/#in-het-kort"
    assert "<mark>" not in rows[0]["snippet"] and "wijkteams" in rows[0]["snippet"]


def test_json_export_is_the_whole_result_set_not_one_page(web):
    response = web["client"].get("/zoeken/export.json", params={"q": "mee", "per_pagina": 1, "pagina": 2})
    assert response.status_code == 200
    body = json.loads(response.text)
    assert body["zoekvraag"]["q"] == "mee"
    assert sorted({row["slug"] for row in body["resultaten"]}) == ["proefdorp", "testveen", "voorbeeldstad"]
    assert body["aantal"] == len(body["resultaten"]) == 6


def test_csv_cells_that_look_like_formulas_are_defused():
    text = to_csv([{"title": "=HYPERLINK(\"x\")", "section": "+31", "snippet": "gewoon"}])
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["title", "section", "snippet"], ["'=HYPERLINK(\"x\")", "'+31", "gewoon"]]


def test_openapi_describes_the_parameters_and_their_bounds(web):
    spec = web["client"].get("/api/openapi.json").json()
    assert set(spec["paths"]) == {"/api/search", "/api/cases", "/zoeken/", "/zoeken/export.csv", "/zoeken/export.json"}
    parameters = {p["name"]: p["schema"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert list(parameters) == ["q", "rol", "provincie", "gemeente", "thema", "jaar", "sorteer", "pagina", "per_pagina"]
    assert parameters["q"]["maxLength"] == 500
    assert parameters["rol"]["enum"] == ["", *load_vocabulary().roles]
    assert (parameters["pagina"]["minimum"], parameters["pagina"]["maximum"]) == (1, 1000)
    assert (parameters["per_pagina"]["minimum"], parameters["per_pagina"]["maximum"]) == (1, 100)
    assert "422" in spec["paths"]["/api/search"]["get"]["responses"]


def test_no_documentation_page_that_loads_a_cdn(web):
    for path in ("/docs", "/redoc"):
        assert web["client"].get(path).status_code == 404


def test_a_rebuilt_index_is_seen_without_restart(web):
    assert search(web, q="proefpolder")["total_groups"] == 0
    text = (web["cases"] / "proefdorp.md").read_text(encoding="utf-8")
    new_case = text.replace("slug: proefdorp", "slug: proefpolder").replace(
        'title: "Maatwerk in Proefdorp"', 'title: "Maatwerk in Proefpolder"'
    )
    (web["cases"] / "proefpolder.md").write_text(new_case, encoding="utf-8")
    build_index(web["index"], cases=web["cases"])  # builds aside, then swaps atomically
    assert slugs(search(web, q="proefpolder")) == ["proefpolder"]


def test_result_cache_forgets_the_oldest_and_everything_after_a_swap():
    from search.web.cache import ResultCache

    cache = ResultCache(2)
    cache.put("gen-1", "a", 1)
    cache.put("gen-1", "b", 2)
    assert cache.get("gen-1", "a") == 1  # a is now the most recent
    cache.put("gen-1", "c", 3)  # so b goes
    assert (cache.get("gen-1", "b"), cache.get("gen-1", "c")) == (None, 3)
    assert cache.get("gen-2", "a") is None  # a new index generation starts empty
    assert cache.get("gen-1", "c") is None


def test_serve_refuses_a_port_in_use_and_an_impossible_port(tmp_path):
    import socket
    import subprocess
    import sys

    from tests.webapp import REPO

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run(
            [sys.executable, "-m", "search", "serve", "--port", str(port)],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
    impossible = subprocess.run(
        [sys.executable, "-m", "search", "serve", "--port", "70000"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert busy.returncode == 2
    assert busy.stderr == (
        f"fout: poort {port} op 127.0.0.1 is al in gebruik. Stop het andere programma of kies "
        f"een andere poort, bijvoorbeeld --port {port + 1}.\n"
    )
    assert impossible.returncode == 2
    assert impossible.stderr == "fout: poort 70000 bestaat niet; kies een getal van 1 tot en met 65535.\n"
