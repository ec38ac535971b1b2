"""Security headers for every response, and Content-Security-Policy hashes for inline scripts of site pages.

No page needs 'unsafe-inline': our own pages load scripts from files only, and the few inline scripts of
the built Material pages are allowed one by one through their sha256 hash. The site build computes each
static page's policy once (search/site/page_security.py: a <meta> in the page and a manifest the server
reads); `csp_for_file` is the fallback for a site built without that manifest.
"""

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

# Directives every page shares; script-src and style-src get extra hashes for static site pages.
_BASE_DIRECTIVES = (
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
# A <meta> policy may not hold frame-ancestors (browsers ignore it there and log an error).
HEADER_ONLY = ("frame-ancestors",)
# Lets a page compile WebAssembly (the site search, Pagefind) without allowing eval() of strings.
WASM = "'wasm-unsafe-eval'"

STRICT_CSP = "; ".join(("script-src 'self'", "style-src 'self'") + _BASE_DIRECTIVES)

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "geolocation=(), camera=(), microphone=()",
}

_INLINE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_INLINE_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTRIBUTE = re.compile(r"\ssrc\s*=", re.IGNORECASE)


def _hash_source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_hashes(html: str) -> tuple[list[str], list[str]]:
    """CSP hash sources of the inline <script> and <style> blocks of one HTML document."""
    scripts = []
    for attributes, body in _INLINE_SCRIPT.findall(html):
        if _SRC_ATTRIBUTE.search(attributes) or not body:
            continue
        source = _hash_source(body)
        if source not in scripts:
            scripts.append(source)
    styles = []
    for body in _INLINE_STYLE.findall(html):
        source = _hash_source(body)
        if body and source not in styles:
            styles.append(source)
    return scripts, styles


def csp_for_html(html: str, script_sources=(), meta: bool = False) -> str:
    """The policy for one page: its inline scripts and styles by hash, plus script_sources (e.g. WASM).
    meta=True leaves out what a <meta http-equiv> policy may not say."""
    scripts, styles = inline_hashes(html)
    directives = [d for d in _BASE_DIRECTIVES if not (meta and d.split()[0] in HEADER_ONLY)]
    return "; ".join(
        [" ".join(["script-src 'self'", *script_sources, *scripts]), " ".join(["style-src 'self'", *styles])]
        + directives
    )


def csp_for_script(script_sources=()) -> str:
    """The policy of a script file that runs as a worker (a worker follows its own response's policy)."""
    return "; ".join([" ".join(["script-src 'self'", *script_sources]), "style-src 'self'", *_BASE_DIRECTIVES])


@lru_cache(maxsize=2048)
def _cached_csp(path: str, mtime_ns: int, size: int) -> str:
    return csp_for_html(Path(path).read_text(encoding="utf-8", errors="replace"))


def csp_for_file(path: Path) -> str:
    """The CSP of one built HTML file; cached by path, modification time and size, so a rebuild is seen."""
    stat = path.stat()
    return _cached_csp(str(path), stat.st_mtime_ns, stat.st_size)


class SecurityHeadersMiddleware:
    """Plain ASGI middleware: adds the security headers and a strict CSP unless the response set its own."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = with_security_headers(message.get("headers", []))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def with_security_headers(raw_headers) -> list:
    """Raw ASGI header pairs plus every security header the response does not already carry."""
    headers = list(raw_headers)
    present = {name.decode("latin-1").lower() for name, _ in headers}
    for name, value in SECURITY_HEADERS.items():
        if name not in present:
            headers.append((name.encode("latin-1"), value.encode("latin-1")))
    if "content-security-policy" not in present:
        headers.append((b"content-security-policy", STRICT_CSP.encode("latin-1")))
    return headers
