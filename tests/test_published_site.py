"""The site as a static host publishes it: built with SITE_URL under a sub-path (/kennisbank/), served from
a plain folder by `python -m http.server`, and crawled page by page in headless Chromium. No broken link,
asset or download, no console error, no request outside the sub-path, and a sitemap that uses SITE_URL."""

import contextlib
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from search.site import build as site_build
from tests import browser, site_checks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SUB_PATH = "/kennisbank/"


@contextlib.contextmanager
def http_server(folder: Path, port: int):
    """`python -m http.server` on the folder, as any plain static host would serve it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """(site folder, SITE_URL): the real site built for http://127.0.0.1:PORT/kennisbank/ and served there."""
    port = browser.free_port()
    site_url = f"http://127.0.0.1:{port}{SUB_PATH}"
    root = tmp_path_factory.mktemp("published")
    site = root / SUB_PATH.strip("/")
    result = site_build.build(site_dir=site, install=False, site_url=site_url)
    assert result.ok, result.message + "\n" + "\n".join(map(str, result.problems))
    with http_server(root, port):
        yield site, site_url


def page_address(site_url: str, site: Path, path: Path) -> str:
    return urljoin(site_url, site_checks.page_url(site, path).lstrip("/"))


def test_sitemap_and_canonical_links_use_site_url(published):
    site, site_url = published
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [e.text for e in ElementTree.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", namespace)]
    assert len(locations) >= 15
    assert all(location.startswith(site_url) for location in locations), locations[:5]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{site_url}">' in home


def test_data_downloads_give_full_addresses_under_site_url(published):
    site, site_url = published
    csv_text = (site / "praktijkvoorbeelden" / "cases.csv").read_text(encoding="utf-8-sig")
    assert f",{site_url}praktijkvoorbeelden/zeist/" in csv_text


def test_crawl_under_a_sub_path_finds_no_broken_link_asset_download_or_console_error(published):
    site, site_url = published
    origin = site_url[: -len(SUB_PATH) + 1]
    pages = [page_address(site_url, site, path) for path in site_checks.html_pages(site)]
    pages = [url for url in pages if not url.endswith("/404.html")]
    assert len(pages) >= 15
    problems, links, ids, images = [], {}, {}, {}
    with browser.launch_browser() as chromium:
        context = chromium.new_context(viewport=browser.DESKTOP)
        page = context.new_page()
        blocked = browser.block_external_requests(page, origin)
        current = {"url": ""}
        page.on(
            "console",
            lambda m: m.type == "error" and problems.append(f"{current['url']}: console: {m.text}"),
        )
        page.on("pageerror", lambda e: problems.append(f"{current['url']}: script error: {e}"))
        page.on("requestfailed", lambda r: problems.append(f"{current['url']}: mislukt: {r.url}"))

        def on_response(response):
            if response.status >= 400:
                problems.append(f"{current['url']}: {response.status} {response.url}")
            elif not response.url.startswith(site_url):
                problems.append(f"{current['url']}: buiten {SUB_PATH}: {response.url}")

        page.on("response", on_response)
        for url in pages:
            current["url"] = url
            page.goto(url, wait_until="networkidle")
            ids[url] = set(page.eval_on_selector_all("[id], a[name]", "els => els.map(e => e.id || e.name)"))
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                if href.startswith(origin):
                    links.setdefault(href, url)
            for src in page.eval_on_selector_all("img[src$='.svg']", "els => els.map(e => e.src)"):
                images.setdefault(src, url)
        # The map is an SVG with a link per case: open each SVG image as a page and follow its links too.
        for src in images:
            current["url"] = src
            page.goto(src, wait_until="networkidle")
            for href in page.eval_on_selector_all(
                "a", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
            ):
                links.setdefault(href, src)
        # Every internal link: the page or download exists (checked over HTTP), and an anchor is on its page.
        for href, found_on in sorted(links.items()):
            target, fragment = urldefrag(href)
            if not target.startswith(site_url):
                problems.append(f"{found_on}: link buiten {SUB_PATH}: {href}")
                continue
            if target not in ids:
                status = context.request.get(target).status
                if status != 200:
                    problems.append(f"{found_on}: {status} {href}")
                continue
            if fragment and fragment not in ids[target]:
                problems.append(f"{found_on}: anker bestaat niet: {href}")
        context.close()
    assert blocked == [], f"verzoeken naar andere hosts: {blocked}"
    assert problems == [], "\n".join(problems)
    downloads = {urlsplit(href).path for href in links}
    for name in ("cases.csv", "cases.json", "open-data/kennisbank-clientondersteuning-open-data.zip"):
        assert f"{SUB_PATH}praktijkvoorbeelden/{name}" in downloads, f"geen link naar {name}"


def test_404_page_works_under_the_sub_path(published):
    site, site_url = published
    problems = []
    with browser.launch_browser() as chromium:
        page = chromium.new_page()
        page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        # A static host shows 404.html at any missing address: its links must not depend on where it is.
        page.goto(site_url + "404.html", wait_until="networkidle")
        home = page.eval_on_selector("a.md-header__button.md-logo", "a => a.href")
    assert problems == [], problems
    assert home == site_url
