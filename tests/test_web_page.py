"""The search page /zoeken/ as HTML, without JavaScript: form, help, filters, results, pages, downloads."""

import dataclasses

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from search.web.render import page_numbers, safe_snippet
from tests.webapp import make_app


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("web-page"))
    with TestClient(app) as client:
        yield {"client": client, "app": app}


def page(web, **params) -> BeautifulSoup:
    response = web["client"].get("/zoeken/", params=params)
    assert response.status_code == 200, response.text
    return BeautifulSoup(response.text, "html.parser")


def texts(elements) -> list[str]:
    return [" ".join(element.get_text(" ").split()) for element in elements]


def test_start_page_has_form_help_and_the_site_look(web):
    soup = page(web)
    assert soup.html["lang"] == "nl"
    assert soup.select_one("a.md-skip")["href"] == "#inhoud"
    assert soup.select_one("main#inhoud") is not None
    form = soup.select_one("form[role=search]")
    assert (form["action"], form["method"]) == ("/zoeken/", "get")
    assert soup.select_one("label[for=zoekvraag]").get_text() == "Zoekvraag"
    # the site's own stylesheets (read from its index.html) come before ours
    assert [link["href"] for link in soup.select("link[rel=stylesheet]")] == [
        "/assets/stylesheets/main.abc123.min.css",
        "/zoeken/static/zoeken.css",
    ]
    assert soup.body["data-md-color-primary"] == "indigo"
    assert " ".join(soup.select_one(".md-header__topic").get_text().split()) == "Testkennisbank"
    assert soup.select_one(".kb-groups") is None


def test_syntax_help_is_one_click_away_with_examples(web):
    help_ = page(web).select_one("details#zoekhulp")
    assert help_.summary.get_text() == "Hulp bij zoeken"
    examples = texts(help_.select("tbody td:first-child code"))
    for example in ("maatwerk NOT jeugd", "buurtteam OR wijkteam", '"warme overdracht"', "keukentafel*", "titel:Zeist"):
        assert example in examples


def test_own_pages_have_no_inline_script_or_style(web):
    soup = page(web, q="wijkteam")
    assert [script.get("src") for script in soup.find_all("script")] == ["/zoeken/static/zoeken.js"]
    assert soup.find("style") is None
    assert soup.find(attrs={"style": True}) is None


def test_results_link_to_the_case_and_to_each_section_with_highlights(web):
    soup = page(web, q="wijkteam")
    groups = soup.select("li.kb-group")
    assert texts(group.select_one("h3") for group in groups) == [
        "De Brug in Voorbeeldstad",
        "Naast de inwoner in Testveen en Proefmeer",
    ]
    assert groups[0].select_one("h3 a")["href"] == "/praktijkvoorbeelden/voorbeeldstad/"
    assert [a["href"] for a in groups[0].select("a.kb-hit__link")] == [
        "/praktijkvoorbeelden/voorbeeldstad/#in-het-kort",
        "/praktijkvoorbeelden/voorbeeldstad/#rol-van-mee",
        "/praktijkvoorbeelden/voorbeeldstad/#aanpak",
    ]
    assert texts(groups[0].select(".kb-hit__snippet mark"))[:2] == ["sociale", "wijkteams"]
    assert "Rol van MEE: Generalist in een wijkteam" in texts([groups[0].select_one(".kb-group__meta")])[0]
    assert texts([soup.select_one(".kb-summary")]) == [
        "4 treffers in 2 praktijkvoorbeelden en pagina's voor wijkteam ."
    ]


def test_filters_show_counts_and_keep_the_query(web):
    soup = page(web, q="wijkteam")
    themes = soup.select_one("#filter-thema").find_parent("section")
    assert texts(themes.select("li a")) == [
        "Sociale wijkteams (2)",
        "Onafhankelijke cliëntondersteuning (1)",
        "Vraagverheldering en keukentafelgesprek (1)",
    ]
    assert themes.select_one("li a")["href"] == "/zoeken/?q=wijkteam&thema=wijkteam"
    assert [h.get_text() for h in soup.select(".kb-facet h3")] == [
        "Rol van MEE",
        "Provincie",
        "Gemeente",
        "Thema",
        "Jaar",
    ]


def test_a_chosen_filter_is_marked_and_can_be_removed(web):
    soup = page(web, q="wijkteam", provincie="utrecht")
    assert [g.select_one("h3").get_text(strip=True) for g in soup.select("li.kb-group")] == ["De Brug in Voorbeeldstad"]
    chosen = soup.select_one(".kb-facet a[aria-current=true]")
    assert chosen["href"] == "/zoeken/?q=wijkteam"
    assert texts(soup.select(".kb-active__list a")) == ["Provincie: Utrecht (filter weghalen)"]
    # a new query typed in the box keeps the filter
    assert [(i["name"], i["value"]) for i in soup.select("form[role=search] input[type=hidden]")] == [
        ("provincie", "utrecht")
    ]


def test_sorting_links_and_the_current_sort(web):
    soup = page(web, q="mee", sorteer="jaar")
    sort = soup.select_one(".kb-sort")
    assert sort.select_one("[aria-current]").get_text() == "jaar"
    assert [a["href"] for a in sort.select("a")] == ["/zoeken/?q=mee", "/zoeken/?q=mee&sorteer=gemeente"]


def test_pagination_marks_the_current_page_and_links_the_others(web):
    soup = page(web, q="mee", per_pagina=1, pagina=2)
    nav = soup.select_one("nav[aria-label=Paginering]")
    assert texts(nav.select("a")) == ["Vorige pagina", "Pagina 1", "Pagina 2", "Pagina 3", "Volgende pagina"]
    assert nav.select_one("a[aria-current=page]")["href"] == "/zoeken/?q=mee&pagina=2&per_pagina=1"
    assert soup.select_one("ol.kb-groups")["start"] == "2"


def test_page_numbers_leave_gaps_in_long_lists():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(5, 20) == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert page_numbers(2, 4) == [1, 2, 3, 4]


def test_did_you_mean_links_to_the_better_query(web):
    soup = page(web, q="wijkteem")
    suggestion = soup.select_one(".kb-suggestion a")
    assert (suggestion.get_text(), suggestion["href"]) == ("wijkteam", "/zoeken/?q=wijkteam")
    assert "Geen resultaten voor wijkteem" in texts([soup.select_one(".kb-summary")])[0]


def test_empty_results_page_gives_tips_and_no_downloads(web):
    soup = page(web, q="xyzzyqq")
    assert soup.select_one(".kb-empty") is not None
    assert soup.select_one(".kb-downloads") is None
    assert soup.select_one(".kb-groups") is None


def test_download_links_carry_the_query_and_filters_but_not_the_page(web):
    soup = page(web, q="mee", thema="maatwerk", pagina=1, sorteer="jaar")
    assert [a["href"] for a in soup.select(".kb-downloads a")] == [
        "/zoeken/export.csv?q=mee&thema=maatwerk&sorteer=jaar",
        "/zoeken/export.json?q=mee&thema=maatwerk&sorteer=jaar",
    ]


def test_slow_query_shows_that_results_are_incomplete(web, monkeypatch):
    engines = web["app"].state.engines
    real_search = type(engines).search

    def slow(self, request, **kwargs):
        return dataclasses.replace(real_search(self, request, **kwargs), timed_out=True)

    monkeypatch.setattr(type(engines), "search", slow)
    engines.cache.clear()  # this query was answered (and kept) by an earlier test
    soup = page(web, q="wijkteam")
    assert texts(soup.select(".kb-warning")) == [
        "Niet alle resultaten: de zoekvraag duurde te lang. Maak de zoekvraag korter of kies een filter."
    ]


def test_only_mark_tags_survive_in_snippets():
    assert (
        safe_snippet("a <mark>b</mark> &amp; <script>x</script>") == "a <mark>b</mark> &amp; &lt;script>x&lt;/script>"
    )


def test_zoeken_without_slash_redirects(web):
    response = web["client"].get("/zoeken?q=mee", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (301, "/zoeken/?q=mee")


def test_head_requests_answer_like_get(web):
    client = web["client"]
    for path in ("/zoeken/?q=gesprek", "/api/search?q=gesprek", "/"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.headers["content-type"] == get.headers["content-type"]
        assert head.headers["content-security-policy"] == get.headers["content-security-policy"]
