"""Turn cases and hand-written docs pages into index documents: one plain dict per section.

No search engine here: `index.py` decides how these dicts are stored.
"""

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..roles.classifier import case_role
from ..urls import case_url, page_url

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
    )
    source.documents = section_documents(source, case.body, lambda anchor: case_url(case.slug, anchor))
    return source


def page_files(docs_dir: Path) -> list[Path]:
    """Hand-written pages under docs/, without the generated case pages and hidden include files (.snippets/)."""
    docs_dir = Path(docs_dir)
    if not docs_dir.is_dir():
        return []
    generated = docs_dir / config.GENERATED_DIR.name
    return sorted(
        p
        for p in docs_dir.rglob("*.md")
        if generated not in p.parents and not any(part.startswith((".", "_")) for part in p.relative_to(docs_dir).parts)
    )


def page_source(path: Path, docs_dir: Path) -> Source:
    raw = Path(path).read_text(encoding="utf-8")
    body = FRONT_MATTER.sub("", raw, count=1)
    relative = Path(path).relative_to(docs_dir).as_posix()
    match = PAGE_TITLE.search(body)
    title = match.group(1).strip() if match else Path(path).stem
    if match:
        body = body[: match.start()] + body[match.end() :]
    source = Source(
        key=f"{PAGE}:{relative}",
        kind=PAGE,
        slug=Path(path).stem,
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
