"""Turn cases and pages into index documents: one plain dict per section.

No search engine here: `index.py` decides how these dicts are stored.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..roles.classifier import case_role
from ..urls import case_url, page_url
from .entities import case_names

CASE, PAGE = "case", "page"
PAGE_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


@dataclass
class Source:
    """Everything the index knows about one case or page: what it shows in facets, and its sections."""

    key: str  # "case:<slug>" or "page:<relative path>": unique across both kinds
    kind: str
    slug: str
    title: str
    url: str
    digest: str  # content hash, for incremental updates
    role: str = ""
    province: str = ""
    municipalities: list = field(default_factory=list)
    themes: list = field(default_factory=list)
    years: list = field(default_factory=list)
    names: list = field(default_factory=list)  # municipalities and programme a query can name (entities.py)
    documents: list = field(default_factory=list)

    def meta(self) -> dict:
        """The per-case facts a search result shows and counts facets on."""
        return {
            "kind": self.kind,
            "slug": self.slug,
            "title": self.title,
            "url": self.url,
            "role": self.role,
            "province": self.province,
            "municipalities": self.municipalities,
            "themes": self.themes,
            "years": self.years,
            "names": self.names,
        }


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def case_years(meta: dict) -> list[int]:
    period = meta.get("period") or {}
    start = period.get("start")
    if not isinstance(start, int):
        return []
    end = period.get("end") if isinstance(period.get("end"), int) else start
    return list(range(start, max(start, end) + 1))


def case_role_id(case) -> str:
    """The MEE role as the site shows it: the editors' when they set one, else the classifier's."""
    return case_role(case).role


def case_source(case, text: str | None = None) -> Source:
    meta = case.meta
    source = Source(
        key=f"{CASE}:{case.slug}",
        kind=CASE,
        slug=case.slug,
        title=case.title,
        url=case_url(case.slug),
        digest=digest(text if text is not None else case.text),
        role=case_role_id(case),
        province=meta.get("province", ""),
        municipalities=list(meta.get("municipalities") or []),
        themes=list(meta.get("themes") or []),
        years=case_years(meta),
        names=case_names(meta),
    )
    source.documents = section_documents(source, case.body, lambda anchor: case_url(case.slug, anchor))
    return source


def generated_paths() -> tuple[str, ...]:
    """Paths inside docs/ that `python -m search pages` writes (the site build owns the list)."""
    from ..site.build import GENERATED_PATHS  # only when building: the site package is slow to import

    return tuple(GENERATED_PATHS)


# Hand-written pages that hold no content of their own: the static site's search form (docs/doorzoeken.md).
NOT_INDEXED = frozenset({"doorzoeken.md"})


def page_files(docs_dir: Path) -> list[Path]:
    """Hand-written pages under docs/: not the generated pages (whether or not they were built), nor hidden
    include files (.snippets/) and staging folders, nor the search form."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        return []
    generated = generated_paths()
    found = []
    for path in docs_dir.rglob("*.md"):
        relative = path.relative_to(docs_dir)
        parts = relative.parts
        if any(part.startswith((".", "_")) for part in parts) or relative.as_posix() in NOT_INDEXED:
            continue
        if any("/".join(parts[: i + 1]) in generated for i in range(len(parts))):
            continue
        found.append(path)
    return sorted(found)


def glossary_page(docs_dir: Path) -> tuple[str, str] | None:
    """The Begrippen page as `python -m search pages` writes it, made from docs/glossary.yml, so the index holds
    it whether or not the pages were built: (path relative to docs/, Markdown). None without terms or when the
    glossary has problems (`pages` reports those)."""
    from ..content import glossary
    from ..site.pages import escape

    terms, problems = glossary.load_glossary(Path(docs_dir) / glossary.GLOSSARY_FILE)
    if not terms or problems:
        return None
    return glossary.PAGE, glossary.glossary_page(terms, escape)


def indexed_pages(docs_dir: Path) -> list[tuple[str, str]]:
    """Every page the index holds, as (path relative to docs/, Markdown): the hand-written pages and, of the
    generated ones, only those with text no other document has. The other generated pages (overview, compare,
    role pages, sources, labels, open data) list or repeat case text, or change with every case; they are left
    out even when they are on disk, so the results never depend on whether the site was built."""
    docs_dir = Path(docs_dir)
    pages = [(p.relative_to(docs_dir).as_posix(), p.read_text(encoding="utf-8")) for p in page_files(docs_dir)]
    glossary = glossary_page(docs_dir)
    if glossary is not None:
        pages.append(glossary)
    return sorted(pages)


def page_source(relative: str, raw: str) -> Source:
    """A page (path relative to docs/ and its Markdown) as an index source."""
    body = FRONT_MATTER.sub("", raw, count=1)
    match = PAGE_TITLE.search(body)
    title = match.group(1).strip() if match else Path(relative).stem
    if match:
        body = body[: match.start()] + body[match.end() :]
    source = Source(
        key=f"{PAGE}:{relative}",
        kind=PAGE,
        slug=Path(relative).stem,
        title=title,
        url=page_url(relative),
        digest=digest(raw),
    )
    source.documents = section_documents(source, body, lambda anchor: page_url(relative, anchor))
    return source


def section_documents(source: Source, markdown_text: str, url_for) -> list[dict]:
    from ..text import split_sections  # markdown + BeautifulSoup: only when building, not when searching

    documents = []
    for position, section in enumerate(split_sections(markdown_text)):
        if not section.text and not section.heading:
            continue
        documents.append(
            {
                "key": source.key,
                "kind": source.kind,
                "slug": source.slug,
                "title": source.title,
                "section": section.heading,
                "anchor": section.anchor,
                "position": position,
                "url": url_for(section.anchor),
                "text": section.text,
                "role": source.role,
                "province": source.province,
                "municipalities": source.municipalities,
                "themes": source.themes,
                "years": source.years,
            }
        )
    return documents
