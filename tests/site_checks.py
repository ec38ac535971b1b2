"""Helpers to check a built site: build the real site aside, list its pages, find external assets and links.

Used by tests/test_site.py (static checks) and tests/test_accessibility.py (browser checks).
"""

import gzip
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from search.site import build as site_build

# <link rel=…> values that make the browser fetch the href.
FETCHING_RELS = {
    "stylesheet",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "modulepreload",
    "mask-icon",
}
EXTERNAL = r"""(?:https?:)?//"""
CSS_EXTERNAL = [
    re.compile(r"""url\(\s*['"]?""" + EXTERNAL, re.IGNORECASE),
    re.compile(r"""@import\s+(?:url\(\s*)?['"]?""" + EXTERNAL, re.IGNORECASE),
]
JS_EXTERNAL = [
    re.compile(r"""importScripts\(\s*['"`]""" + EXTERNAL),
    re.compile(r"""fetch\(\s*['"`]""" + EXTERNAL),
    re.compile(r"""new\s+(?:Shared)?Worker\(\s*['"`]""" + EXTERNAL),
    re.compile(r"""\.(?:src|href)\s*=\s*['"`]""" + EXTERNAL),
    re.compile(r"""fonts\.(?:googleapis|gstatic)\.com"""),
]


def build_real_site(site_dir: Path) -> Path:
    """Build cases/ + docs/ into site_dir with the same code as `make site`, without touching docs/."""
    result = site_build.build(site_dir=site_dir, install=False)
    assert result.ok, result.message + "\n" + "\n".join(map(str, result.problems))
    return site_dir


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def page_url(site_dir: Path, path: Path) -> str:
    """Root-relative URL of a built page: /x/ for x/index.html, /404.html for 404.html."""
    relative = path.relative_to(site_dir).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def is_external(url: str) -> bool:
    return bool(re.match(EXTERNAL, url.strip(), re.IGNORECASE))


def external_assets_in_html(html: str) -> list[str]:
    """URLs on other hosts that a page would fetch: scripts, styles, images, frames, media, fonts."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attribute in ("src", "data", "poster"):
            value = tag.get(attribute)
            if isinstance(value, str) and is_external(value):
                found.append(f"<{tag.name} {attribute}={value}>")
        srcset = tag.get("srcset")
        if isinstance(srcset, str) and any(is_external(part.split()[0]) for part in srcset.split(",") if part.strip()):
            found.append(f"<{tag.name} srcset={srcset}>")
        if tag.name == "link" and is_external(tag.get("href", "")):
            rels = {r.lower() for r in (tag.get("rel") or [])}
            if rels & FETCHING_RELS:
                found.append(f"<link rel={' '.join(sorted(rels))} href={tag['href']}>")
        if tag.name == "style" or tag.get("style"):
            text = (tag.string or "") if tag.name == "style" else tag.get("style")
            found.extend(external_assets_in_css(text or ""))
    return found


def external_assets_in_css(css: str) -> list[str]:
    return [match.group(0) for pattern in CSS_EXTERNAL for match in pattern.finditer(css)]


def external_assets_in_js(js: str) -> list[str]:
    return [match.group(0) for pattern in JS_EXTERNAL for match in pattern.finditer(js)]


def external_assets(site_dir: Path) -> list[str]:
    """Every external asset reference in the built HTML, CSS and JavaScript, as 'file: reference'."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css", ".js", ".svg"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix in (".html", ".svg"):
            hits = external_assets_in_html(text)
        elif path.suffix == ".css":
            hits = external_assets_in_css(text)
        else:
            hits = external_assets_in_js(text)
        found.extend(f"{path.relative_to(site_dir)}: {hit}" for hit in hits)
    return found


def ids_in(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)} | {
        tag["name"] for tag in soup.find_all("a", attrs={"name": True})
    }


def target_file(site_dir: Path, path: str) -> Path | None:
    """The built file a root-relative URL path serves, or None."""
    candidate = site_dir / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_internal_links(site_dir: Path) -> list[str]:
    """Links in page content and menus whose target page or anchor does not exist in the built site."""
    broken, id_cache = [], {}
    for page in html_pages(site_dir):
        base = page_url(site_dir, page)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for link in soup.find_all("a", href=True):
            href = link["href"]
            if is_external(href) or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            parts = urlsplit(urljoin("http://site" + base, href))
            target = target_file(site_dir, parts.path)
            if target is None:
                broken.append(f"{base}: {href} (pagina bestaat niet)")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in id_cache:
                    id_cache[target] = ids_in(target.read_text(encoding="utf-8"))
                if unquote(parts.fragment) not in id_cache[target]:
                    broken.append(f"{base}: {href} (anker bestaat niet)")
    return broken


PAGEFIND_FRAGMENT_SIGNATURE = b"pagefind_dcd"


def pagefind_fragments(site_dir: Path) -> list[dict]:
    """What Pagefind stored per indexed page ({"url", "content", ...}): its fragment files are gzipped JSON
    behind a short signature."""
    fragments = []
    for path in sorted((Path(site_dir) / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(PAGEFIND_FRAGMENT_SIGNATURE), path
        fragments.append(json.loads(data[len(PAGEFIND_FRAGMENT_SIGNATURE) :]))
    return fragments
