"""Markdown → HTML → plain text, split into sections at level-2 headings.

Anchors come from Python-Markdown's `toc` extension with its default slugify, the same ids mkdocs gives
the headings on the site, so a search hit can link to the exact section.
"""

import re
import threading
import unicodedata
from dataclasses import dataclass

MARKDOWN_EXTENSIONS = ["toc", "tables", "sane_lists"]
BLOCK_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote", "pre", "table"}
SPACES = re.compile(r"[ \t\u00a0]+")
BLANK_LINES = re.compile(r"\n\s*\n+")
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Section:
    heading: str  # "" for text before the first level-2 heading
    anchor: str  # id of the heading on the site ("" for the opening text)
    text: str  # plain text, one paragraph or list item per line


_local = threading.local()


def markdown_to_html(markdown_text: str) -> str:
    # Setting up a Markdown converter costs about as much as converting a short page: one per thread,
    # reset between pages (a converter keeps state while it works, so threads must not share one).
    converter = getattr(_local, "converter", None)
    if converter is None:
        import markdown  # here, not at the top: a search needs fold and edit_distance, not Markdown or HTML

        converter = _local.converter = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return converter.reset().convert(markdown_text)


def element_text(element) -> str:
    """Plain text with a line break after each block, so sentences of two paragraphs never merge."""
    from bs4 import NavigableString

    if isinstance(element, NavigableString):
        return str(element)
    parts = []
    for descendant in element.descendants:
        if isinstance(descendant, NavigableString):
            parts.append(str(descendant))
        elif descendant.name in BLOCK_TAGS or descendant.name == "br":
            parts.append("\n")
    if element.name in BLOCK_TAGS:
        parts.append("\n")
    return "".join(parts)


def tidy(text: str) -> str:
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def parse_html(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def html_to_text(html: str) -> str:
    soup = parse_html(html)
    return tidy("".join(element_text(child) for child in soup.contents))


def split_sections(markdown_text: str) -> list[Section]:
    """Sections of a page in reading order; empty sections (a heading with no text) are kept."""
    soup = parse_html(markdown_to_html(markdown_text))
    sections, heading, anchor, parts = [], "", "", []

    def close():
        text = tidy("".join(parts))
        if heading or text:
            sections.append(Section(heading=heading, anchor=anchor, text=text))

    for child in soup.contents:
        if getattr(child, "name", None) == "h2":
            close()
            heading, anchor, parts = child.get_text(" ", strip=True), child.get("id", ""), []
        else:
            parts.append(element_text(child))
    close()
    return sections


def fold(text: str) -> str:
    """Remove diacritics, keep case: 'Cliënt' -> 'Client'."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits from a to b (insert, delete, substitute, or swap two neighbours), giving up with limit + 1 as
    soon as it must exceed `limit`. A swap counts as one edit: the commonest typo ('ondresteuning')."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current.append(best)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def csv_cell(value) -> str:
    """A value as a CSV cell that a spreadsheet shows as text: lists joined, a leading formula sign defused."""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(item) for item in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
