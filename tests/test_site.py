"""The built site (cases/ + docs/), checked without a browser: strict build, titles, language, skip link,
internal links, no external assets, search settings, the generated pages, and atomic rebuilds."""

import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from search.content.cases import load_cases
from search.content.vocabulary import load_vocabulary
from search.site import build as site_build
from tests import site_checks

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return site_checks.build_real_site(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="module")
def soups(site):
    return {
        site_checks.page_url(site, p): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in site_checks.html_pages(site)
    }


def mkdocs_config() -> dict:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)


def test_every_case_has_a_page_and_every_fixed_page_exists(site):
    cases, _ = load_cases()
    assert cases, "cases/ bevat geen praktijkvoorbeelden"
    for case in cases:
        assert (site / "praktijkvoorbeelden" / case.slug / "index.html").is_file()
    for page in (
        "praktijkvoorbeelden",
        "praktijkvoorbeelden/vergelijken",
        "rekenhulp",
        "begrippen",
        "tags",
        *(f"praktijkvoorbeelden/rol-{role}" for role in load_vocabulary().roles),
    ):
        assert (site / page / "index.html").is_file(), page
    for download in ("cases.json", "cases.csv", "kaart.svg"):
        assert (site / "praktijkvoorbeelden" / download).is_file()
    assert len(json.loads((site / "praktijkvoorbeelden" / "cases.json").read_text(encoding="utf-8"))) == len(cases)


def test_every_page_is_dutch_has_a_unique_title_and_a_skip_link(soups):
    titles = {}
    for url, soup in soups.items():
        assert soup.html.get("lang") == "nl", url
        title = soup.title.get_text(strip=True)
        assert title, url
        if url == "/404.html":
            # Material's error document (a theme template, not a page): it is titled with the site name like
            # the home page, and has no table of contents, so Material gives it no skip link.
            continue
        titles.setdefault(title, []).append(url)
        skip = soup.select_one("a.md-skip")
        assert skip is not None and skip.get("href", "").startswith("#"), url
    duplicates = {t: urls for t, urls in titles.items() if len(urls) > 1}
    assert duplicates == {}


def test_all_internal_links_and_anchors_resolve(site):
    assert site_checks.broken_internal_links(site) == []


def test_no_page_loads_anything_from_another_host(site):
    assert site_checks.external_assets(site) == []
    assert not list(site.rglob("*.woff*")) or all("fonts.g" not in p.name for p in site.rglob("*.woff*"))


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.example.org/x.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">',
        '<img src="http://tiles.example.org/1/2/3.png" alt="">',
        '<div style="background: url(https://example.org/a.png)"></div>',
        '<style>@import url("https://example.org/a.css");</style>',
    ],
)
def test_external_asset_scan_catches_each_kind_of_reference(snippet):
    assert site_checks.external_assets_in_html(snippet) != []


def test_external_asset_scan_ignores_plain_links_and_namespaces():
    html = (
        '<a href="https://www.movisie.nl/">Movisie</a><link rel="canonical" href="http://127.0.0.1:8000/">'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
    )
    assert site_checks.external_assets_in_html(html) == []
    assert site_checks.external_assets_in_css("@font-face{src:url(https://fonts.gstatic.com/a.woff2)}") != []
    assert site_checks.external_assets_in_js('importScripts("https://cdn.example.org/lunr.js")') != []


def test_site_search_is_pagefind_in_dutch_without_lunr(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nl"]
    assert entry["languages"]["nl"]["page_count"] >= 30
    assert not (site / "search" / "search_index.json").exists()  # Material's lunr index is not built
    assert not (site / "pagefind" / "pagefind-ui.js").exists()  # the page "Zoeken" uses the API only


def test_site_search_indexes_cases_and_pages_but_not_listings(site):
    def indexed(path: str) -> bool:
        return "data-pagefind-body" in (site / path / "index.html").read_text(encoding="utf-8")

    assert indexed("praktijkvoorbeelden/zeist") and indexed("overdracht") and indexed("begrippen")
    for listing in ("praktijkvoorbeelden", "praktijkvoorbeelden/vergelijken", "tags", "doorzoeken"):
        assert not indexed(listing), listing
    zeist = (site / "praktijkvoorbeelden" / "zeist" / "index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-filter="provincie:Utrecht"></span>' in zeist


def test_tags_allowed_are_exactly_the_role_and_theme_labels():
    vocabulary = load_vocabulary()
    tags = next(p["tags"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "tags" in p)
    expected = [r["label"] for r in vocabulary.roles.values()] + list(vocabulary.themes.values())
    assert sorted(tags["tags_allowed"]) == sorted(expected)


def test_theme_is_dutch_without_google_fonts_and_links_are_validated():
    config = mkdocs_config()
    assert config["theme"]["language"] == "nl" and config["theme"]["font"] is False
    assert config["validation"]["links"]["not_found"] == "warn"
    assert config["validation"]["links"]["anchors"] == "warn"
    assert config["strict"] is True
    assert "hooks" not in config and "custom_dir" not in config["theme"]


def test_case_page_shows_role_evidence_sources_and_edit_link(soups):
    for case in load_cases()[0]:
        soup = soups[f"/praktijkvoorbeelden/{case.slug}/"]
        text = soup.select_one("article").get_text(" ", strip=True)
        details = soup.select_one("article details")
        assert details is not None and details.summary.get_text(strip=True) == "Waarom dit label?"
        for heading in ("Wat we nog niet weten", "Bronnen"):
            assert soup.find("h2", string=heading) is not None or heading in text
        for source in case.meta["sources"]:
            assert soup.select_one(f'article a[href="{source["url"]}"]') is not None, source["url"]
        edit = soup.find("a", string="Bewerk deze pagina")
        assert edit["href"].endswith(f"/cases/{case.path.name}")
        for municipality in case.meta["municipalities"]:
            assert municipality in text


def test_overview_table_lists_every_case_and_reads_without_javascript(soups):
    soup = soups["/praktijkvoorbeelden/"]
    table = soup.select_one(".kb-tabel table")
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert headers == ["Gemeente", "Provincie", "Rol van MEE in 2015", "Laatst bekende rol", "Periode", "Volledigheid"]
    links = {a["href"] for a in table.select("tbody a")}
    for case in load_cases()[0]:
        assert f"../praktijkvoorbeelden/{case.slug}/" in links or f"{case.slug}/" in links
    image = soup.select_one('img[src$="kaart.svg"]')
    assert image is not None and len(image.get("alt", "")) > 20


def test_rekenhulp_shows_formula_and_worked_example_without_javascript(site):
    soup = BeautifulSoup((site / "rekenhulp" / "index.html").read_text(encoding="utf-8"), "html.parser")
    form_box = soup.select_one(".kb-rekenhulp")
    assert form_box.has_attr("hidden")  # the calculator appears only when JavaScript runs
    form_box.decompose()
    text = soup.select_one("article").get_text(" ", strip=True)
    assert "inwoners ÷ 10.000 × 16" in text
    assert "cliënten per jaar × duur van een traject in maanden ÷ 12" in text
    assert "50.000 ÷ 10.000 × 16 = 80 lopende trajecten" in text
    # The two ways differ with the card's average duration of 4 months: the page shows both results.
    assert "320 × 4 ÷ 12 ≈ 107 lopende trajecten" in text
    assert "80 × 17 = 1.360 uur" in text and "107 × 17 = 1.819 uur" in text


def test_rekenhulp_inputs_all_have_labels(soups):
    soup = soups["/rekenhulp/"]
    for field in soup.select(".kb-rekenhulp input"):
        assert soup.select_one(f'label[for="{field["id"]}"]') is not None, field["id"]
    assert soup.select_one("#rekenhulp-uitkomst")["aria-live"] == "polite"


def test_glossary_terms_are_explained_on_hover_and_on_the_begrippen_page(soups):
    abbreviations = [abbr for soup in soups.values() for abbr in soup.select("article abbr[title]")]
    assert abbreviations, "geen enkel begrip heeft een uitleg bij de muis"
    terms = yaml.safe_load((REPO / "docs" / "glossary.yml").read_text(encoding="utf-8"))
    headings = {h.get_text(" ", strip=True) for h in soups["/begrippen/"].select("article h2")}
    assert {t["term"] for t in terms} <= headings


def test_print_stylesheet_hides_the_menus(site):
    css = (site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    assert ".md-header" in block and ".md-sidebar" in block and "display: none" in block


def test_a_failed_build_keeps_the_previous_site_and_pages(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(REPO / "docs", docs, ignore=site_build.hand_written(REPO / "docs"))
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "oud.html").write_text("vorige site", encoding="utf-8")
    (docs / "praktijkvoorbeelden").mkdir()
    (docs / "praktijkvoorbeelden" / "oud.md").write_text("vorige pagina", encoding="utf-8")
    (docs / "los.md").write_text("---\ntags: [Geen bestaand label]\n---\n# Los\n", encoding="utf-8")
    result = site_build.build(docs_dir=docs, site_dir=site_dir)
    assert not result.ok
    assert "Geen bestaand label" in result.message
    assert (site_dir / "oud.html").read_text(encoding="utf-8") == "vorige site"
    assert [p.name for p in site_dir.iterdir()] == ["oud.html"]
    assert (docs / "praktijkvoorbeelden" / "oud.md").read_text(encoding="utf-8") == "vorige pagina"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [".site.lock"]
