"""Safety of the researcher server: escaping, bounds, path traversal, security headers, no tracebacks."""

import asyncio
import base64
import hashlib
import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from search import config
from search.web.app import create_app
from search.web.security import csp_for_html
from search.web.static_site import StaticSite
from tests.webapp import INLINE_SCRIPT, make_app, make_site

XSS_PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</mark><script>alert(2)</script>",
    'javascript:alert(1)',
]


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """An app over a tiny site (with a secret file and symlinks just outside it) and a tiny index."""
    base = tmp_path_factory.mktemp("web-security")
    site = make_site(base / "site")
    (base / "secret.txt").write_text("GEHEIM", encoding="utf-8")
    (site / "link-to-secret.txt").symlink_to(base / "secret.txt")
    (site / "link-to-outside").symlink_to(base, target_is_directory=True)
    app = make_app(base, site=site)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield {"client": client, "app": app, "site": site, "base": base}


def asgi_get(app, raw_path: str):
    """Send a path to the app exactly as written (an HTTP client would normalise '/../' away)."""
    messages = []
    requested = False

    async def receive():
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        while not (
            messages and messages[-1]["type"] == "http.response.body" and not messages[-1].get("more_body", False)
        ):
            await asyncio.sleep(0.001)
        return {"type": "http.disconnect"}  # the client leaves once the whole answer is in

    async def send(message):
        messages.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": raw_path,
        "raw_path": raw_path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    status = messages[0]["status"]
    headers = {name.decode(): value.decode() for name, value in messages[0]["headers"]}
    body = b"".join(m.get("body", b"") for m in messages[1:])
    return status, headers, body


# --- escaping -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_search_page_returns_xss_payload_in_query_inert(web, payload):
    response = web["client"].get("/zoeken/", params={"q": payload})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert re.search(r"<(img|svg)\b[^>]*\son\w+=", response.text) is None
    # the visitor still sees what they typed: as escaped text in the query box
    assert f'name="q" value="{escape(payload)}"' in response.text


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_municipality_filter_payload_comes_back_escaped(web, payload):
    response = web["client"].get("/zoeken/", params={"q": "wijkteam", "gemeente": payload})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert re.search(r"<(img|svg)\b[^>]*\son\w+=", response.text) is None
    assert f'value="{escape(payload)}"' in response.text  # kept as a hidden form value, escaped


def test_api_returns_payload_as_json_string_not_markup(web):
    payload = XSS_PAYLOADS[0]
    response = web["client"].get("/api/search", params={"q": payload})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["query"] == payload


def test_unknown_role_payload_is_rejected_without_echo(web):
    response = web["client"].get("/zoeken/", params={"rol": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert "<script>alert(1)" not in response.text
    assert "Onbekende waarde voor de rol van MEE" in response.text


# --- bounds --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/zoeken/", "/api/search", "/zoeken/export.csv"])
@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"q": "a" * (config.WEB_MAX_QUERY_LENGTH + 1)}, "q"),
        ({"q": "x", "pagina": "0"}, "pagina"),
        ({"q": "x", "pagina": str(config.WEB_MAX_PAGE + 1)}, "pagina"),
        ({"q": "x", "pagina": "twee"}, "pagina"),
        ({"q": "x", "per_pagina": "0"}, "per_pagina"),
        ({"q": "x", "per_pagina": str(config.WEB_MAX_PAGE_SIZE + 1)}, "per_pagina"),
        ({"q": "x", "sorteer": "willekeurig"}, "sorteer"),
        ({"q": "x", "provincie": "atlantis"}, "provincie"),
        ({"q": "x", "thema": "onbekend-thema"}, "thema"),
        ({"q": "x", "jaar": "14"}, "jaar"),
        ({"q": "x", "gemeente": "g" * (config.WEB_MAX_FILTER_LENGTH + 1)}, "gemeente"),
    ],
)
def test_out_of_bounds_values_get_422_never_500(web, path, params, parameter):
    response = web["client"].get(path, params=params)
    assert response.status_code == 422
    if path == "/zoeken/":
        assert response.headers["content-type"].startswith("text/html")
        assert "De zoekvraag klopt niet" in response.text
    else:
        body = response.json()
        assert body["fout"] == "De zoekvraag klopt niet."
        assert [m["parameter"] for m in body["meldingen"]] == [parameter]


def test_longest_allowed_query_is_answered(web):
    response = web["client"].get("/api/search", params={"q": "wijkteam " * (config.WEB_MAX_QUERY_LENGTH // 9)})
    assert response.status_code == 200


# --- path traversal ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw_path",
    [
        "/../secret.txt",
        "/../../etc/passwd",
        "/praktijkvoorbeelden/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
    ],
)
def test_path_traversal_never_leaves_the_site(web, raw_path):
    from urllib.parse import unquote

    status, _, body = asgi_get(web["app"], unquote(raw_path))
    assert status == 404
    assert b"GEHEIM" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/%2e%2e/secret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/etc/passwd",
        "/link-to-secret.txt",
        "/link-to-outside/secret.txt",
        "/..\\secret.txt",
    ],
)
def test_encoded_absolute_and_symlinked_paths_get_the_404_page(web, path):
    response = web["client"].get(path)
    assert response.status_code == 404
    assert "GEHEIM" not in response.text
    assert "<title>Niet gevonden</title>" in response.text


def test_resolve_refuses_anything_outside_the_root(web):
    site = StaticSite(web["site"])
    assert site.resolve("praktijkvoorbeelden/voorbeeldstad/index.html") is not None
    for path in (
        "../secret.txt",
        "/../secret.txt",
        "a/../../secret.txt",
        "link-to-secret.txt",
        "link-to-outside",
        "C:/windows",
        "index.html\x00.png",
        "..\\secret.txt",
    ):
        assert site.resolve(path) is None, path


def test_directory_without_slash_redirects_to_same_host(web):
    response = web["client"].get("/praktijkvoorbeelden/voorbeeldstad", follow_redirects=False)
    assert response.status_code == 301
    assert response.headers["location"] == "/praktijkvoorbeelden/voorbeeldstad/"
    status, headers, _ = asgi_get(web["app"], "//praktijkvoorbeelden/voorbeeldstad")
    assert (status, headers["location"]) == (301, "/praktijkvoorbeelden/voorbeeldstad/")


# --- headers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/zoeken/",
        "/zoeken/?q=wijkteam",
        "/api/search?q=wijkteam",
        "/zoeken/static/zoeken.css",
        "/bestaat-niet/",
        "/api/search?pagina=0",
    ],
)
def test_every_response_has_security_headers(web, path):
    headers = web["client"].get(path).headers
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert re.search(r"script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')*;", csp)
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"


def test_search_page_and_api_allow_no_inline_script_at_all(web):
    for path in ("/zoeken/", "/api/search"):
        csp = web["client"].get(path).headers["content-security-policy"]
        assert "script-src 'self';" in csp
        assert "sha256-" not in csp


def test_site_page_csp_lists_the_hash_of_each_inline_script(web):
    csp = web["client"].get("/").headers["content-security-policy"]
    expected = base64.b64encode(hashlib.sha256(INLINE_SCRIPT.encode()).digest()).decode()
    assert f"'sha256-{expected}'" in csp
    other = web["client"].get("/praktijkvoorbeelden/voorbeeldstad/").headers["content-security-policy"]
    assert f"'sha256-{expected}'" not in other


def test_csp_hashes_skip_external_scripts():
    csp = csp_for_html('<script src="/a.js"></script><script>b()</script>')
    assert csp.count("sha256-") == 1


def test_site_files_have_the_right_media_types(web):
    client = web["client"]
    assert client.get("/").headers["content-type"] == "text/html; charset=utf-8"
    assert client.get("/assets/stylesheets/main.abc123.min.css").headers["content-type"] == "text/css; charset=utf-8"
    assert client.get("/assets/javascripts/bundle.min.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/search/search_index.json").headers["content-type"] == "application/json"
    assert client.get("/map.svg").headers["content-type"] == "image/svg+xml"


def test_a_site_file_answers_304_when_the_browser_has_its_etag(web):
    client = web["client"]
    first = client.get("/praktijkvoorbeelden/voorbeeldstad/")
    again = client.get("/praktijkvoorbeelden/voorbeeldstad/", headers={"if-none-match": first.headers["etag"]})
    assert (first.status_code, again.status_code, again.content) == (200, 304, b"")
    assert again.headers["etag"] == first.headers["etag"]
    assert "frame-ancestors 'none'" in again.headers["content-security-policy"]
    other = client.get("/praktijkvoorbeelden/voorbeeldstad/", headers={"if-none-match": '"iets-anders"'})
    assert other.status_code == 200 and other.content == first.content


def test_head_of_a_site_file_has_the_headers_of_get_and_no_body(web):
    client = web["client"]
    client.get("/map.svg")  # cached now
    head = client.head("/map.svg")
    get = client.get("/map.svg")
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == get.headers["content-length"] == str(len(get.content))


def test_a_file_changed_in_a_plain_site_folder_is_served_new(tmp_path):
    site = StaticSite(make_site(tmp_path / "site"))
    assert site.response("map.svg").body.startswith(b"<svg")
    assert site.cached("map.svg") is not None
    (tmp_path / "site" / "map.svg").write_text("<svg>nieuw, en langer dan het was</svg>", encoding="utf-8")
    assert site.cached("map.svg") is None  # the stat differs: read again
    assert site.response("map.svg").body == b"<svg>nieuw, en langer dan het was</svg>"


def test_the_file_cache_keeps_to_its_size(tmp_path):
    root = make_site(tmp_path / "site")
    (root / "groot.txt").write_bytes(b"x" * 5000)
    site = StaticSite(root, cache_bytes=4000, max_file_bytes=10_000)
    assert site.response("groot.txt").status_code == 200  # too big for this cache: streamed
    assert site.cached("groot.txt") is None
    site.response("map.svg")
    site.response("index.html")
    assert site.cached("map.svg") is not None and site.cached("index.html") is not None
    assert site._files.used <= 4000


# --- failures stay polite -------------------------------------------------------------------------------------


def test_an_unexpected_error_gives_a_dutch_500_without_traceback(web, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("interne details: /geheim/pad.py regel 42")

    monkeypatch.setattr(web["app"].state.engines, "search", explode)
    web["app"].state.engines.cache.clear()  # earlier tests asked the same question
    for path, kind in (("/zoeken/?q=wijkteam", "text/html"), ("/api/search?q=wijkteam", "application/json")):
        response = web["client"].get(path)
        assert response.status_code == 500
        assert response.headers["content-type"].startswith(kind)
        assert "Er ging iets mis aan onze kant" in response.text
        assert "Traceback" not in response.text and "geheim" not in response.text
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_missing_index_gives_503_with_what_to_do(tmp_path):
    app = create_app(index_dir=tmp_path / "geen-index", site_dir=make_site(tmp_path / "site"))
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/search", params={"q": "wijkteam"})
        page = client.get("/zoeken/", params={"q": "wijkteam"})
        home = client.get("/")
    assert api.status_code == 503
    assert api.json()["fout"] == "Zoekindex ontbreekt; draai `make index`."
    assert page.status_code == 503
    assert (
        "Zoekindex ontbreekt; draai <code>make index</code>" in page.text
        or "Zoekindex ontbreekt; draai `make index`." in page.text
    )
    assert "Traceback" not in page.text
    assert home.status_code == 200


def test_other_methods_get_405_in_dutch(web):
    response = web["client"].post("/api/search")
    assert response.status_code == 405
    assert response.json()["fout"] == "Deze methode is hier niet toegestaan; gebruik GET."


def test_a_slow_search_does_not_block_other_visitors(tmp_path, monkeypatch):
    """While one search hangs in its worker thread, the site and another search still answer."""
    import threading

    import httpx

    from tests.webapp import running_server

    app = make_app(tmp_path)
    engines = app.state.engines
    real_search = type(engines).search
    release, started = threading.Event(), threading.Event()

    def search(self, request, **kwargs):
        if request.text == "traag*":
            started.set()
            release.wait(timeout=30)
        return real_search(self, request, **kwargs)

    monkeypatch.setattr(type(engines), "search", search)
    with running_server(app) as base:
        # A prefix is never a quick search (those run on the event loop), so this one takes a worker thread.
        slow = threading.Thread(target=lambda: httpx.get(f"{base}/api/search?q=traag%2A", timeout=60))
        slow.start()
        try:
            assert started.wait(timeout=10)
            site = httpx.get(f"{base}/", timeout=10)
            other = httpx.get(f"{base}/api/search?q=wijkteam", timeout=10)
            assert not release.is_set()  # the slow search is still running
            assert (site.status_code, other.status_code) == (200, 200)
            assert other.json()["total_groups"] == 2
        finally:
            release.set()
            slow.join(timeout=30)
