"""Snippets: the stretch of a section with the most matched words, the words marked, HTML-safe."""

import html
import re
from functools import lru_cache

from . import analysis
from .schema import SYNONYM_FIELDS

SNIPPET_CHARS = 220


def highlight_terms(query) -> frozenset:
    if query is None:
        return frozenset()
    return frozenset(
        text
        for fieldname, text in query.iter_all_terms(phrases=True)
        if fieldname in SYNONYM_FIELDS and isinstance(text, str)
    )


WORD = re.compile(analysis.TOKEN_PATTERN)


@lru_cache(maxsize=200_000)
def surface_terms(word: str) -> frozenset:
    """Every index term a word as written in the text produces (whole word and parts)."""
    if word == "MEE":
        return frozenset((analysis.MEE_TERM,))
    lowered = word.lower()
    whole, parts = analysis.word_terms(lowered if lowered.isascii() else analysis.fold(lowered))
    return frozenset((whole,) + parts)


def best_window(hits: list, width: int) -> int:
    """Where the stretch of `width` characters with the most hits starts (the first such stretch).

    Two pointers over the hits, which come in text order: linear in the number of hits, so a long section full
    of matches costs no more than reading it."""
    best_start, best_count, end = hits[0].start(), 0, 0
    for i, first in enumerate(hits):
        end = max(end, i)
        while end < len(hits) and hits[end].end() - first.start() <= width:
            end += 1
        if end - i > best_count:
            best_start, best_count = first.start(), end - i
    return best_start


def is_word_char(char: str) -> bool:
    """What \\w matches in a str pattern (TOKEN_PATTERN): a letter, digit or underscore."""
    return char.isalnum() or char == "_"


class Occurrence:
    """Where one word occurs in a section's text; read like a re.Match (start, end, group)."""

    __slots__ = ("_start", "_end", "_word")

    def __init__(self, start: int, end: int, word: str):
        self._start, self._end, self._word = start, end, word

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _index: int = 0) -> str:
        return self._word


class SectionText:
    """A section's text made ready for snippets, whatever the query: whitespace runs as one space, and which
    written words produce each index term. Where a word occurs is looked up when a query first marks it."""

    __slots__ = ("text", "by_term", "_where")

    def __init__(self, text: str):
        self.text = " ".join(text.split())
        self.by_term: dict[str, list] = {}  # index term -> the written words that produce it
        for word in set(WORD.findall(self.text)):
            for term in surface_terms(word):
                self.by_term.setdefault(term, []).append(word)
        self._where: dict[str, list] = {}  # written word -> its Occurrences, in text order

    def occurrences(self, word: str) -> list:
        found = self._where.get(word)
        if found is None:
            text, found = self.text, []
            position = text.find(word)
            while position >= 0:
                end = position + len(word)
                if (position == 0 or not is_word_char(text[position - 1])) and (
                    end == len(text) or not is_word_char(text[end])
                ):  # the whole token, as WORD would find it
                    found.append(Occurrence(position, end, word))
                position = text.find(word, position + 1)
            self._where[word] = found
        return found

    def hits(self, terms: frozenset) -> list:
        """Where every word that produces one of the terms occurs, in text order."""
        marked = {word for term in terms for word in self.by_term.get(term, ())}
        if len(marked) == 1:
            return self.occurrences(marked.pop())
        return sorted((hit for word in marked for hit in self.occurrences(word)), key=Occurrence.start)


def snippet(text: str, terms: frozenset) -> str:
    """An HTML-safe snippet: the stretch of about SNIPPET_CHARS with the most matched words, marked.

    Our own small highlighter instead of whoosh.highlight: it reuses the cached per-word analysis and is
    several times faster, which matters because every shown section gets a snippet.
    """
    return section_snippet(SectionText(text), terms)


def section_snippet(section: SectionText, terms: frozenset) -> str:
    text = section.text
    hits = section.hits(terms) if terms else []
    if hits:
        best_start = best_window(hits, SNIPPET_CHARS - 40)
        start = max(0, best_start - 40)
        start = text.rfind(" ", 0, start) + 1 if start else 0
    else:
        start = 0
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    pieces, position = [], start
    for match in hits:
        if match.start() < start or match.end() > end:
            continue
        pieces.append(html.escape(text[position : match.start()], quote=False))
        pieces.append("<mark>" + html.escape(match.group(0), quote=False) + "</mark>")
        position = match.end()
    pieces.append(html.escape(text[position:end], quote=False))
    return ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")


def section_details(generation, matches, docnums, terms: frozenset | None = None) -> dict:
    """Stored fields and a snippet for each of the given sections: docnum -> dict.

    A section's stored fields and prepared text are kept per generation (Generation.sections): they do not
    depend on the query, and the same sections come back for many queries."""
    terms = highlight_terms(matches.query) if terms is None else terms  # the caller may have them for all groups
    details = {}
    for docnum in docnums:
        stored, section = generation.sections.get(docnum, lambda d: prepared_section(generation, d))
        found = dict(stored)
        found["snippet"] = section_snippet(section, terms)
        details[docnum] = found
    return details


def prepared_section(generation, docnum: int) -> tuple:
    stored = dict(generation.searcher().stored_fields(docnum))
    return stored, SectionText(stored.get("text", ""))
