"""The search page in headless Chromium over the real site and index: type, see a highlight, follow it; axe."""

import pytest

from search.web.app import create_app
from tests import site_checks
from tests.browser import (
    AXE_JS,
    AXE_URL_PATH,
    DESKTOP,
    MOBILE,
    block_external_requests,
    format_violations,
    launch_browser,
    run_axe,
)
from tests.webapp import REPO, build_index, running_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("web-browser")
    site = site_checks.build_real_site(base / "site")
    index = base / "index"
    build_index(index, cases=REPO / "cases", docs=REPO / "docs")
    with running_server(create_app(index_dir=index, site_dir=site)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with launch_browser() as chromium:
        yield chromium


def csp_messages(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console", lambda message: messages.append(message.text) if "Content Security Policy" in message.text else None
    )
    return messages


def test_type_a_query_see_a_highlight_and_follow_it_to_the_case_section(server, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    refused = csp_messages(page)
    blocked = block_external_requests(page, server)
    page.goto(f"{server}/zoeken/")
    page.fill("#zoekvraag", "wijkteam")
    page.press("#zoekvraag", "Enter")
    page.wait_for_selector("li.kb-group")
    assert "q=wijkteam" in page.url
    # the first hit in a practice case (hand-written pages such as the glossary may rank higher)
    first_hit = page.locator(".kb-hit:has(a.kb-hit__link[href^='/praktijkvoorbeelden/'])").first
    marked = [text.lower() for text in first_hit.locator("mark").all_inner_texts()]
    assert any("wijkteam" in text for text in marked), marked
    href = first_hit.locator("a.kb-hit__link").get_attribute("href")
    assert href.startswith("/praktijkvoorbeelden/") and "#" in href
    first_hit.locator("a.kb-hit__link").click()
    page.wait_for_load_state("load")
    path, anchor = href.split("#")
    assert page.url == f"{server}{href}"
    assert page.locator(f"[id='{anchor}']").count() == 1
    assert page.locator("h1").count() == 1
    # Material's inline scripts ran: they are allowed by hash, nothing was refused anywhere
    assert page.evaluate("typeof __md_get") == "function"
    assert refused == [] and blocked == []
    context.close()


def test_filters_and_pages_work_without_javascript(server, browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/zoeken/?q=mee")
    total = page.locator("li.kb-group").count()
    assert total >= 2
    page.locator("#filter-provincie ~ ul a").first.click()
    page.wait_for_load_state("load")
    assert "provincie=" in page.url
    assert 1 <= page.locator("li.kb-group").count() < total
    assert page.locator(".kb-active__list a").count() == 1
    context.close()


@pytest.mark.parametrize(
    "query, viewport",
    [
        ("", DESKTOP),
        ("?q=wijkteam", DESKTOP),
        ("?q=wijkteam", MOBILE),
        ("?q=wijkteam&per_pagina=2", DESKTOP),
        ("?q=xyzzyqq", DESKTOP),
        ("?q=wijkteem", DESKTOP),
        ("?pagina=0", DESKTOP),
    ],
    ids=["start", "resultaten", "resultaten-mobiel", "paginering", "geen-resultaten", "bedoelde-u", "fout"],
)
def test_search_pages_have_no_axe_violations(server, browser, query, viewport):
    # axe is injected as a script the CSP rightly refuses; this context ignores the CSP.
    context = browser.new_context(viewport=viewport, bypass_csp=True)
    context.route(f"**{AXE_URL_PATH}", lambda route: route.fulfill(path=str(AXE_JS), content_type="text/javascript"))
    page = context.new_page()
    page.goto(f"{server}/zoeken/{query}")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = run_axe(page)
    assert violations == [], format_violations(f"/zoeken/{query}", violations)
    context.close()
