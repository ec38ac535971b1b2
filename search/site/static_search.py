"""The site's own search, which works on any static host: Pagefind (default) or Material's lunr (kept for
`python -m search bench-static-search`, which compares the two).

Pagefind runs after mkdocs on the built HTML and writes a chunked index to `pagefind/`; the page "Zoeken"
(docs/doorzoeken.md, docs/javascripts/zoeken.js) loads only the chunks a query needs. It indexes the
content (`<article>`) of case pages and hand-written pages, not the listings that repeat case text
(overview, compare, sources, role and label pages), so a case does not lose to a list that names it.
"""

import re
import subprocess
from pathlib import Path

from .. import config
from ..urls import page_url

PAGEFIND = "pagefind"
LUNR = "lunr"
ENGINES = (PAGEFIND, LUNR)
DEFAULT_ENGINE = PAGEFIND
PAGEFIND_BINARY = config.REPO_ROOT / "node_modules" / ".bin" / "pagefind"
BUNDLE = "pagefind"  # folder in the built site
SEARCH_PAGE = "doorzoeken.md"  # the page with the search form (hand-written)
LANGUAGE = "nl"
PAGEFIND_TIMEOUT = 600  # seconds; 1,000 cases take about a second
# Pagefind's own UIs and the wasm for pages without a language: the page "Zoeken" uses the API only.
UNUSED_FILES = (
    "pagefind-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-component-ui.*",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)
ARTICLE = '<article class="md-content__inner md-typeset">'
INDEXED_ARTICLE = '<article class="md-content__inner md-typeset" data-pagefind-body>'


class StaticSearchError(RuntimeError):
    """The search index could not be built; the message says what to do."""


def left_out_pages(listings: list[str]) -> list[str]:
    """Built pages (paths in the site) that are not searched: the listings (Markdown paths in docs/), the
    search page itself and the 404 page."""
    return [page_url(name).lstrip("/") + "index.html" for name in [*listings, SEARCH_PAGE]] + ["404.html"]


def mkdocs_plugins(plugins: list, engine: str) -> list:
    """mkdocs.yml `plugins` for this engine: Pagefind replaces Material's search plugin (and its index)."""
    if engine == LUNR:
        return plugins
    return [p for p in plugins if not (p == "search" or (isinstance(p, dict) and "search" in p))]


def mark_searchable(site_dir: Path, left_out: list[str]) -> int:
    """Mark the content of every page Pagefind should index; returns how many pages were marked."""
    skipped = set(left_out)
    marked = 0
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative in skipped or relative.startswith(f"{BUNDLE}/"):
            continue
        html = path.read_text(encoding="utf-8")
        if ARTICLE not in html:
            continue
        path.write_text(html.replace(ARTICLE, INDEXED_ARTICLE, 1), encoding="utf-8")
        marked += 1
    return marked


def run_pagefind(site_dir: Path, binary: Path = PAGEFIND_BINARY) -> str:
    """Build the Pagefind bundle into site_dir/pagefind/; raises StaticSearchError with what to do."""
    if not Path(binary).exists():
        raise StaticSearchError(
            f"Pagefind ontbreekt ({binary}). Draai 'npm ci' in de map van de kennisbank (of 'make site', "
            "dat doet het voor u) en bouw opnieuw."
        )
    try:
        completed = subprocess.run(
            [str(binary), "--site", str(site_dir), "--output-subdir", BUNDLE, "--force-language", LANGUAGE, "--quiet"],
            capture_output=True,
            text=True,
            timeout=PAGEFIND_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise StaticSearchError(f"Pagefind kon niet draaien: {error}") from None
    output = (completed.stdout + completed.stderr).strip()
    if completed.returncode != 0:
        raise StaticSearchError(f"Pagefind is mislukt (code {completed.returncode}):\n{output}")
    for unused in UNUSED_FILES:
        for path in (site_dir / BUNDLE).glob(unused):
            path.unlink()
    return output


def build_index(site_dir: Path, listings: list[str], engine: str = DEFAULT_ENGINE) -> int:
    """After mkdocs: the Pagefind index of the built site (lunr's index is mkdocs' own); listings: the
    generated pages (Markdown paths) that repeat case text. Returns the number of pages indexed."""
    if engine == LUNR:
        return 0
    marked = mark_searchable(site_dir, left_out_pages(listings))
    run_pagefind(site_dir)
    return marked


def filter_markup(filters: dict[str, list[str]]) -> str:
    """Hidden Pagefind filter values for a case page: {filter name: values}. Empty elements with the value
    in the attribute, so the values are not indexed as text."""
    spans = [
        f'<span data-pagefind-filter="{escape_attribute(name)}:{escape_attribute(value)}"></span>'
        for name, values in filters.items()
        for value in values
        if value
    ]
    return '<div class="kb-zoekfilters" hidden>' + "".join(spans) + "</div>\n" if spans else ""


_ATTRIBUTE_SPECIAL = re.compile(r'[&"<>,:]')


def escape_attribute(value) -> str:
    """A value inside data-pagefind-filter: HTML-escaped, without the ',' and ':' Pagefind splits on."""
    replacements = {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", ",": " ", ":": " "}
    return _ATTRIBUTE_SPECIAL.sub(lambda m: replacements[m.group(0)], str(value))


# The page with the search form compiles Pagefind's WebAssembly, as does its worker (which follows the
# policy of its own response): both may do that, no other page may.
SEARCH_FORM = 'id="kb-zoeken"'
WORKER = f"{BUNDLE}/pagefind-worker.js"
WASM_SOURCE = "'wasm-unsafe-eval'"


def script_sources(html: str) -> tuple[str, ...]:
    """Extra script-src sources a built page needs: WebAssembly on the search page."""
    return (WASM_SOURCE,) if SEARCH_FORM in html else ()


def worker_scripts(site_dir: Path) -> dict[str, tuple[str, ...]]:
    """Scripts (paths in the site) that run as workers, with the extra script-src sources they need."""
    return {WORKER: (WASM_SOURCE,)} if (Path(site_dir) / WORKER).is_file() else {}
