"""WCAG 2.1 AA in a real browser: axe-core on every page of the built site at desktop and mobile width, with
the search dialog open, plus focus, keyboard use of the rekenhulp and the overview table, Dutch search
with stemming, and no request to another host. Needs the system Chromium (`make test` installs it)."""

import json
import re

import pytest

from search.engine.documents import case_years
from tests import browser, site_checks

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return site_checks.build_real_site(tmp_path_factory.mktemp("a11y") / "site")


@pytest.fixture(scope="module")
def base_url(site):
    with browser.serve_directory(site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser.launch_browser() as instance:
        yield instance


@pytest.fixture
def page(chromium, base_url):
    context = chromium.new_context(viewport=browser.DESKTOP)
    page = context.new_page()
    page.blocked = browser.block_external_requests(page, base_url)
    yield page
    context.close()


def page_urls(site) -> list[str]:
    return [site_checks.page_url(site, path) for path in site_checks.html_pages(site)]


@pytest.mark.parametrize("viewport", [browser.DESKTOP, browser.MOBILE], ids=["desktop", "mobiel"])
def test_no_axe_violations_on_any_page(site, base_url, chromium, viewport):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    blocked = browser.block_external_requests(page, base_url)
    reports, urls = [], page_urls(site)
    assert len(urls) >= 15
    try:
        for url in urls:
            page.goto(base_url + url)
            violations = browser.run_axe(page)
            if violations:
                reports.append(browser.format_violations(f"{url} ({viewport['width']}px)", violations))
    finally:
        context.close()
    assert reports == [], "\n\n".join(reports)
    assert blocked == [], f"verzoeken naar andere hosts: {blocked}"


@pytest.mark.parametrize("viewport", [browser.DESKTOP, browser.MOBILE], ids=["desktop", "mobiel"])
def test_no_axe_violations_with_the_search_showing_results_and_filters(base_url, chromium, viewport):
    context = chromium.new_context(viewport=viewport)
    page = context.new_page()
    blocked = browser.block_external_requests(page, base_url)
    try:
        page.goto(base_url + "/")
        results = browser.search_site(page, "wijkteams", filters={"provincie": "Noord-Holland"})
        filters = page.eval_on_selector_all("#kb-zoeken-filters select", "els => els.map(e => e.id)")
        violations = browser.run_axe(page)
    finally:
        context.close()
    assert results, "de zoekfunctie gaf geen resultaten voor 'wijkteams' in Noord-Holland"
    assert filters == ["kb-filter-rol", "kb-filter-provincie", "kb-filter-jaar"]
    assert violations == [], browser.format_violations(f"zoeken ({viewport['width']}px)", violations)
    assert blocked == [], f"verzoeken naar andere hosts: {blocked}"


def result_paths(results: list[str]) -> list[str]:
    return [re.sub(r"^https?://[^/]+", "", href).split("?")[0].split("#")[0] for href in results]


def test_site_search_is_dutch_with_stemming(page, base_url):
    page.goto(base_url + "/")
    # "gesprekken" → stem "gesprek": finds the Zeist case, which is about conversations (gesprek)
    assert "/praktijkvoorbeelden/zeist/" in result_paths(browser.search_site(page, "gesprekken"))


def test_site_search_finds_a_word_form_that_is_not_in_the_text(page, base_url, site):
    texts = " ".join(p.read_text(encoding="utf-8") for p in site_checks.html_pages(site))
    assert not re.search(r"\boverdrachten\b", texts, re.IGNORECASE)  # only "overdracht" is written
    page.goto(base_url + "/")
    assert "/overdracht/" in result_paths(browser.search_site(page, "overdrachten"))


def test_site_search_for_a_made_up_word_finds_nothing(page, base_url):
    page.goto(base_url + "/")
    assert browser.search_site(page, "xqzwvbrk") == []
    assert page.inner_text("#kb-zoeken-status").startswith("Geen resultaten voor “xqzwvbrk”")


def test_site_search_names_the_case_for_a_typo_at_the_end_of_a_word(page, base_url):
    page.goto(base_url + "/")
    assert result_paths(browser.search_site(page, "Dordrect"))[0] == "/praktijkvoorbeelden/dordrecht/"
    assert "voor woorden die beginnen met “Dordrec”" in page.inner_text("#kb-zoeken-status")


def test_site_search_keeps_a_place_named_in_the_query_when_not_every_word_matches(page, base_url):
    # the Dordrecht case does not say "gebiedsteam": pages with some of the words follow those with all
    page.goto(base_url + "/")
    assert "/praktijkvoorbeelden/dordrecht/" in result_paths(browser.search_site(page, "gebiedsteam Dordrecht"))[:3]


def test_site_search_puts_the_case_named_in_the_query_first(page, base_url):
    # typed without the diaeresis, so only "zeist" matches Zeist's page: its name puts it on top anyway
    page.goto(base_url + "/")
    assert result_paths(browser.search_site(page, "clientondersteuning zeist"))[0] == "/praktijkvoorbeelden/zeist/"


def test_site_search_filters_on_role_province_and_year(page, base_url, site):
    cases = json.loads((site / "praktijkvoorbeelden" / "cases.json").read_text(encoding="utf-8"))
    independent = {f"/praktijkvoorbeelden/{c['slug']}/" for c in cases if c["role"]["id"] == "independent"}
    page.goto(base_url + "/")
    found = result_paths(browser.search_site(page, "MEE", filters={"rol": "Onafhankelijke cliëntondersteuner"}))
    assert found and set(found) <= independent, found
    # every independent case mentions MEE; the first ten are shown, the count says how many there are
    assert page.inner_text("#kb-zoeken-status") == f"{len(independent)} resultaten voor “MEE”."
    found = result_paths(browser.search_site(page, "MEE", filters={"provincie": "Utrecht", "jaar": "2013"}))
    assert "/praktijkvoorbeelden/zeist/" in found
    utrecht_2013 = {
        f"/praktijkvoorbeelden/{c['slug']}/" for c in cases if c.get("province") == "utrecht" and 2013 in case_years(c)
    }
    assert set(found) <= utrecht_2013, found


def test_site_search_leaves_out_listings_that_repeat_case_text(page, base_url):
    page.goto(base_url + "/")
    found = result_paths(browser.search_site(page, "Zeist"))
    assert found[0] == "/praktijkvoorbeelden/zeist/"
    assert not {"/praktijkvoorbeelden/", "/praktijkvoorbeelden/vergelijken/", "/tags/"} & set(found), found


def focus_outline(page) -> dict:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return {tag: document.activeElement.tagName, cls: document.activeElement.className,
                style: style.outlineStyle, width: parseFloat(style.outlineWidth)};
    }""")


def test_keyboard_focus_is_visible(page, base_url):
    page.goto(base_url + "/praktijkvoorbeelden/")
    page.keyboard.press("Tab")
    first = focus_outline(page)
    assert first["tag"] == "A" and "md-skip" in first["cls"], first  # the skip link comes first
    assert first["style"] != "none" and first["width"] >= 2, first
    for _ in range(60):  # walk on to a link in the text
        page.keyboard.press("Tab")
        if page.evaluate("() => !!document.activeElement.closest('article') && document.activeElement.tagName === 'A'"):
            break
    else:
        pytest.fail("geen link in de tekst bereikt met Tab")
    inside = focus_outline(page)
    assert inside["style"] != "none" and inside["width"] >= 2, inside


def test_rekenhulp_works_by_keyboard_and_announces_the_result(page, base_url):
    page.goto(base_url + "/rekenhulp/")
    output = page.locator("#rekenhulp-uitkomst")
    assert output.get_attribute("aria-live") == "polite"
    assert "80 lopende trajecten, samen hoogstens 1.360 uur" in output.inner_text()  # the defaults
    page.focus("#inwoners")
    page.keyboard.press("Control+A")
    page.keyboard.type("100000")
    assert "160 lopende trajecten, samen hoogstens 2.720 uur" in output.inner_text()
    page.keyboard.press("Tab")  # per 10.000
    page.keyboard.press("Tab")  # clients per year
    assert page.evaluate("document.activeElement.id") == "clienten"
    page.keyboard.type("300")
    assert "100 lopende trajecten, samen hoogstens 1.700 uur" in output.inner_text()
    page.focus("#uren")
    page.keyboard.press("Control+A")
    page.keyboard.type("-5")
    assert page.get_attribute("#uren", "aria-invalid") == "true"
    assert page.inner_text("#uren-fout") == "Vul een getal in van 0 of meer."


def test_overview_table_sorts_and_filters_in_the_browser(page, base_url):
    page.goto(base_url + "/praktijkvoorbeelden/")
    rows = page.locator(".kb-tabel tbody tr")
    total = rows.count()
    assert total >= 2
    page.get_by_role("button", name=re.compile("^Gemeente")).press("Enter")
    names = [rows.nth(i).locator("td").first.inner_text() for i in range(total)]
    assert names == sorted(names, key=str.casefold)
    assert page.locator("th[aria-sort=ascending]").inner_text().startswith("Gemeente")
    page.get_by_role("button", name=re.compile("^Gemeente")).press("Enter")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(total)] == names[::-1]
    page.get_by_label("Filter de tabel").fill("Zeist")
    visible = [rows.nth(i).locator("td").first.inner_text() for i in range(total) if rows.nth(i).is_visible()]
    assert visible == ["Zeist"]
    assert page.locator(".kb-telling").inner_text() == f"1 van {total} praktijkvoorbeelden getoond."


def test_site_search_shows_ten_results_at_a_time_and_moves_focus_to_the_next_ten(page, base_url):
    page.goto(base_url + "/")
    browser.search_site(page, "wijkteam", filters={"provincie": "Noord-Holland"})
    few = page.locator("#kb-zoeken-resultaten li").count()
    assert 0 < few <= 10 and not page.locator("#kb-zoeken-meer").is_visible()
    browser.search_site(page, "MEE")
    total = int(page.inner_text("#kb-zoeken-status").split()[0])
    assert total > 10 and page.locator("#kb-zoeken-resultaten li").count() == 10
    page.locator("#kb-zoeken-meer").click()
    page.wait_for_function("() => document.querySelectorAll('#kb-zoeken-resultaten li').length > 10")
    assert page.locator("#kb-zoeken-resultaten li").count() == min(total, 20)
    assert page.evaluate("document.activeElement === document.querySelectorAll('#kb-zoeken-resultaten li a')[10]")
