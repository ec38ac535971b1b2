"""Shared headless-Chromium helpers for browser tests: launch, serve a folder, and run axe (WCAG 2.1 AA).

Uses the system Chromium (`/usr/bin/chromium`, installed by `make test`) through Python playwright;
never `playwright install`. When Chromium is missing the tests fail with a message, never skip silently.
"""

import contextlib
import functools
import http.server
import shutil
import socket
import threading
from pathlib import Path

import pytest

from benchmarks.chromium import CHROMIUM, CHROMIUM_FLAGS

REPO = Path(__file__).resolve().parent.parent
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}


def chromium_path() -> str:
    """The system Chromium, or a failing test that says how to get it."""
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        pytest.fail(
            "Chromium ontbreekt (/usr/bin/chromium). Draai 'make test': dat installeert Chromium "
            "en axe-core en draait dan alle tests.",
            pytrace=False,
        )
    if not AXE_JS.exists():
        pytest.fail(f"axe-core ontbreekt ({AXE_JS}). Draai 'make test' (dat doet 'npm ci').", pytrace=False)
    return path


@contextlib.contextmanager
def launch_browser():
    """A headless system Chromium through playwright; closes everything afterwards."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


AXE_URL_PATH = "/__axe__/axe.min.js"  # served next to the site so the browser caches the compiled script


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest output readable
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):  # the browser closed a connection early
            pass

    def send_head(self):
        if self.path.split("?")[0] == AXE_URL_PATH and AXE_JS.exists():
            data = AXE_JS.open("rb")
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript")
            self.send_header("Content-Length", str(AXE_JS.stat().st_size))
            self.send_header("Cache-Control", "max-age=3600")
            self.end_headers()
            return data
        return super().send_head()


@contextlib.contextmanager
def serve_directory(directory: Path, host: str = "127.0.0.1"):
    """Serve a folder (a built site) over http on a free local port; yields the base URL without '/'."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, free_port(host)), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def block_external_requests(page, allowed_origin: str) -> list[str]:
    """Abort every request that leaves `allowed_origin`; returns the list of blocked URLs to assert on."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if url.startswith(allowed_origin) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def run_axe(page, context: str = "document") -> list[dict]:
    """axe-core violations (WCAG 2.0/2.1 A and AA) on the current page, as plain dicts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        origin = page.evaluate("location.origin")
        if origin.startswith("http"):
            page.add_script_tag(url=origin + AXE_URL_PATH)  # cached by the browser after the first page
        else:
            page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        """async ([context, tags]) => {
            const target = context === 'document' ? document : document.querySelector(context);
            const result = await axe.run(target, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
            }));
        }""",
        [context, AXE_TAGS],
    )


def format_violations(label: str, violations: list[dict], max_nodes: int = 5) -> str:
    """Readable text for an assertion message: one block per rule, a few failing elements each."""
    lines = [f"{label}: {len(violations)} axe-overtreding(en)"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:max_nodes]:
            summary = " ".join(node["summary"].split())[:300]
            lines.append(f"      {node['target']} — {summary}")
        if len(violation["nodes"]) > max_nodes:
            lines.append(f"      … en nog {len(violation['nodes']) - max_nodes}")
    return "\n".join(lines)


SEARCH_PAGE = "doorzoeken/"  # the site's own search (Pagefind), docs/doorzoeken.md


def search_site(page, query: str, site_url: str | None = None, timeout_ms: int = 10000, filters=None) -> list[str]:
    """Open the page "Zoeken" (of the site at site_url, else of the current page's host root), choose the
    filters ({name: value}), type the query, press Enter and return the result links (hrefs) in order.

    The result list is aria-busy while the search runs; the answer is in when it is no longer busy."""
    if site_url is None:
        scheme, _, host = page.url.split("/", 3)[:3]
        site_url = f"{scheme}//{host}/"
    page.goto(site_url + SEARCH_PAGE)
    for name, value in (filters or {}).items():
        page.wait_for_selector(f"#kb-filter-{name}", timeout=timeout_ms)
        page.select_option(f"#kb-filter-{name}", value)
    field = page.locator("#kb-zoekwoorden")
    field.fill("")
    field.type(query, delay=20)
    field.press("Enter")
    page.wait_for_function(
        "q => { const list = document.getElementById('kb-zoeken-resultaten');"
        " return list.getAttribute('aria-busy') === 'false'"
        " && document.getElementById('kb-zoeken-status').textContent.includes(q); }",
        arg=query,
        timeout=timeout_ms,
    )
    return page.eval_on_selector_all("#kb-zoeken-resultaten li a", "els => els.map(e => e.getAttribute('href'))")
