"""SITE_URL and SEARCH_URL: where the static site is published, and whether it links to the researcher search."""

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from search.cli import main
from search.site import build as site_build
from search.site import publish
from tests import site_checks

REPO = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).resolve().parent / "fixtures" / "cases" / "good"
CONFIG_TEXT = (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_site_url_gets_a_trailing_slash_and_without_it_the_local_default_stays():
    default = publish.default_site_url(CONFIG_TEXT)
    assert default == "http://127.0.0.1:8000/"
    assert publish.addresses(None, None, default) == (default, None)
    assert publish.addresses("https://voorbeeld.github.io/kennisbank", None, default) == (
        "https://voorbeeld.github.io/kennisbank/",
        None,
    )


@pytest.mark.parametrize("value", ["voorbeeld.github.io/kennisbank/", "/kennisbank/", "ftp://x/", "https://x/?a=1"])
def test_a_site_url_that_is_no_full_address_is_a_clear_error(value):
    with pytest.raises(publish.AddressError, match="SITE_URL=https://voorbeeld.github.io/kennisbank/"):
        publish.addresses(value, None, "http://127.0.0.1:8000/")


def test_search_url_is_absolute_or_a_root_path_next_to_a_site_at_the_root():
    assert publish.addresses(None, "https://zoek.example/zoeken/", "http://127.0.0.1:8000/")[1] == (
        "https://zoek.example/zoeken/"
    )
    assert publish.addresses(None, "/zoeken/", "http://127.0.0.1:8000/")[1] == "/zoeken/"
    with pytest.raises(publish.AddressError, match="niet in de root"):
        publish.addresses("https://voorbeeld.github.io/kennisbank/", "/zoeken/", "http://127.0.0.1:8000/")
    with pytest.raises(publish.AddressError, match="geen bruikbaar adres"):
        publish.addresses(None, "zoeken", "http://127.0.0.1:8000/")


def test_menu_item_for_the_researcher_search_only_with_search_url():
    without = yaml.safe_load(publish.staged_config(CONFIG_TEXT, "https://x.example/kb/", None))
    assert without["site_url"] == "https://x.example/kb/"
    assert "/zoeken/" not in str(without["nav"])
    with_search = yaml.safe_load(publish.staged_config(CONFIG_TEXT, "https://x.example/kb/", "https://z.example/"))
    assert with_search["nav"][-1] == {"Zoeken voor onderzoekers": "https://z.example/"}
    assert with_search["nav"][:-1] == without["nav"]


def test_hand_written_links_to_the_researcher_search_follow_search_url_or_are_left_out():
    text = "# Start\n\n- Lees [dit](a.md).\n- Zoek via [Zoeken voor onderzoekers](/zoeken/?q=mee).\n- Einde.\n"
    assert publish.researcher_search_links(text, "https://z.example/zoeken/") == text.replace(
        "(/zoeken/?q=mee)", "(https://z.example/zoeken/?q=mee)"
    )
    assert publish.researcher_search_links(text, None) == "# Start\n\n- Lees [dit](a.md).\n- Einde.\n"
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    assert "(/zoeken/)" in home and "/zoeken/" not in publish.researcher_search_links(home, None)


@pytest.mark.slow
def test_without_search_url_no_page_links_to_the_researcher_search(tmp_path):
    site = site_checks.build_real_site(tmp_path / "site")
    linking = []
    for path in site_checks.html_pages(site):
        base = "http://site" + site_checks.page_url(site, path)
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        targets = {urlsplit(urljoin(base, a["href"])).path for a in soup.find_all("a", href=True)}
        linking += [f"{path.relative_to(site)} → {t}" for t in targets if t.startswith("/zoeken/")]
    assert linking == []


@pytest.mark.slow
def test_with_search_url_every_page_links_to_it_in_the_menu(tmp_path):
    result = site_build.build(site_dir=tmp_path / "site", install=False, search_url="https://zoek.example/zoeken/")
    assert result.ok, result.message
    pages = [p for p in site_checks.html_pages(tmp_path / "site") if p.name != "404.html"]
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one('nav a[href="https://zoek.example/zoeken/"]'), page
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one('article a[href="https://zoek.example/zoeken/"]').get_text() == "Zoeken voor onderzoekers"


def test_pages_command_reads_site_url_from_the_environment(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    monkeypatch.setattr(site_build.config, "DOCS_DIR", docs)
    monkeypatch.setenv("SITE_URL", "https://voorbeeld.github.io/kennisbank")
    assert main(["pages", "--cases", str(GOOD)]) == 0
    csv_text = (docs / "praktijkvoorbeelden" / "cases.csv").read_text(encoding="utf-8-sig")
    assert "https://voorbeeld.github.io/kennisbank/praktijkvoorbeelden/voorbeeldstad/" in csv_text


def test_a_bad_site_url_stops_the_build_with_what_to_write_and_writes_nothing(tmp_path, monkeypatch, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    monkeypatch.setattr(site_build.config, "DOCS_DIR", docs)
    assert main(["pages", "--cases", str(GOOD), "--site-url", "kennisbank"]) == 1
    err = capsys.readouterr().err
    assert "SITE_URL='kennisbank' is geen volledig webadres" in err and "Traceback" not in err
    assert list(docs.iterdir()) == []
