"""Content-Security-Policy of the static site, computed once at build time: a <meta> in every page that
allows exactly what the page loads, and a manifest that `python -m search serve` sends as headers."""

import json
import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from search.site import page_security
from search.web import security
from search.web.app import create_app
from tests import browser, site_checks

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return site_checks.build_real_site(tmp_path_factory.mktemp("csp") / "site")


def meta_policy(html: str) -> str | None:
    tag = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return tag["content"] if tag else None


def test_every_page_has_a_meta_policy_that_allows_exactly_its_inline_scripts_and_styles(site):
    pages = site_checks.html_pages(site)
    assert len(pages) >= 15
    for path in pages:
        html = path.read_text(encoding="utf-8")
        policy = meta_policy(html)
        assert policy, path
        scripts, styles = security.inline_hashes(html)
        script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
        style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
        assert sorted(re.findall(r"'sha256-[^']+'", script_src)) == sorted(scripts), path
        assert sorted(re.findall(r"'sha256-[^']+'", style_src)) == sorted(styles), path
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "frame-ancestors" not in policy  # not allowed in a <meta>; the server sends it as a header
        # the policy comes before anything the page loads
        head = html[: html.index("</head>")]
        assert head.index("Content-Security-Policy") < min(
            (head.index(tag) for tag in ("<script", "<style", "<link") if tag in head), default=len(head)
        ), path


def test_only_the_search_page_may_compile_webassembly(site):
    allowed = [
        path.relative_to(site).as_posix()
        for path in site_checks.html_pages(site)
        if security.WASM in meta_policy(path.read_text(encoding="utf-8"))
    ]
    assert allowed == ["doorzoeken/index.html"]


def test_the_manifest_lists_every_page_with_the_header_policy(site):
    manifest = page_security.read_manifest(site)
    pages = {p.relative_to(site).as_posix() for p in site_checks.html_pages(site)}
    assert pages <= set(manifest)
    for name in pages:
        header = manifest[name]["content-security-policy"]
        meta = meta_policy((site / name).read_text(encoding="utf-8"))
        assert header == meta + "; frame-ancestors 'none'", name
    assert security.WASM in manifest["pagefind/pagefind-worker.js"]["content-security-policy"]


def test_a_page_served_by_the_app_gets_its_headers_from_the_manifest(site, tmp_path):
    manifest_path = site / page_security.MANIFEST
    original = manifest_path.read_text(encoding="utf-8")
    data = json.loads(original)
    marker = "script-src 'self' 'sha256-uit-het-manifest'; default-src 'self'"
    data["headers"]["overdracht/index.html"]["content-security-policy"] = marker
    try:
        manifest_path.write_text(json.dumps(data), encoding="utf-8")
        app = create_app(index_dir=tmp_path / "geen-index", site_dir=site)
        with TestClient(app) as client:
            changed = client.get("/overdracht/").headers["content-security-policy"]
            home = client.get("/").headers
            worker = client.get("/pagefind/pagefind-worker.js").headers["content-security-policy"]
    finally:
        manifest_path.write_text(original, encoding="utf-8")
    assert changed == marker  # read from the manifest, not computed from the page
    assert home["content-security-policy"] == data["headers"]["index.html"]["content-security-policy"]
    assert home["x-content-type-options"] == "nosniff"
    assert security.WASM in worker


@pytest.mark.browser
def test_the_search_works_under_the_app_with_its_headers_and_no_policy_errors(site, tmp_path):
    from tests.webapp import running_server

    with running_server(create_app(index_dir=tmp_path / "geen-index", site_dir=site)) as url:
        with browser.launch_browser() as chromium:
            page = chromium.new_page()
            errors = []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            found = browser.search_site(page, "keukentafelgesprek", site_url=url + "/")
            page.goto(url + "/praktijkvoorbeelden/zeist/", wait_until="networkidle")
    assert found, "geen resultaten onder python -m search serve"
    assert errors == [], errors
