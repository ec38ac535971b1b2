"""Security headers of the static pages, computed once when the site is built.

Every built page gets a `<meta http-equiv="Content-Security-Policy">` that allows exactly what it loads
(its inline scripts and styles by hash), so a copy on a plain static host is protected too. The same
policies, with what only a header can say (frame-ancestors), go into a manifest (`.headers.json`) that
`python -m search serve` reads instead of scanning every page on every request.
"""

import json
import re
from pathlib import Path

from ..web import security
from . import static_search

MANIFEST = ".headers.json"
MANIFEST_VERSION = 1
CSP = "content-security-policy"
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


class PageSecurityError(RuntimeError):
    """A built page has no <head> to put its policy in (a bug in a template, not in the content)."""


def with_meta(html: str, policy: str) -> str:
    """The page with its policy as the first element after <meta charset> (before any script or style)."""
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        raise PageSecurityError("geen <head>")
    return html[: anchor.end()] + tag + html[anchor.end() :]


def protect_page(path: Path) -> str:
    """Add the meta policy to one built page; returns the header policy for the manifest."""
    html = path.read_text(encoding="utf-8")
    sources = static_search.script_sources(html)
    path.write_text(with_meta(html, security.csp_for_html(html, sources, meta=True)), encoding="utf-8")
    return security.csp_for_html(html, sources)


def protect_site(site_dir: Path) -> dict:
    """Give every page of the built site its policy and write the manifest; returns the manifest."""
    headers = {}
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        try:
            headers[relative] = {CSP: protect_page(path)}
        except PageSecurityError as error:
            raise PageSecurityError(f"{relative}: {error}") from None
    for relative, sources in static_search.worker_scripts(site_dir).items():
        headers[relative] = {CSP: security.csp_for_script(sources)}
    manifest = {"version": MANIFEST_VERSION, "headers": headers}
    (site_dir / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8"
    )
    return manifest


def read_manifest(site_dir: Path) -> dict | None:
    """{path relative to the site: {header: value}}, or None when the site has no (readable) manifest."""
    try:
        data = json.loads((Path(site_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("version") != MANIFEST_VERSION
        or not isinstance(data.get("headers"), dict)
    ):
        return None
    return data["headers"]
