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


def word_matches(word: str, terms: frozenset) -> bool:
    return not surface_terms(word).isdisjoint(terms)


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


def snippet(text: str, terms: frozenset) -> str:
    """An HTML-safe snippet: the stretch of about SNIPPET_CHARS with the most matched words, marked.

    Our own small highlighter instead of whoosh.highlight: it reuses the cached per-word analysis and is
    several times faster, which matters because every shown section gets a snippet.
    """
    text = " ".join(text.split())
    words = list(WORD.finditer(text))
    hits = [m for m in words if terms and word_matches(m.group(0), terms)]
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


def section_details(generation, matches, docnums) -> dict:
    """Stored fields and a snippet for each of the given sections: docnum -> dict."""
    searcher = generation.searcher()
    terms = highlight_terms(matches.query)
    details = {}
    for docnum in docnums:
        stored = dict(searcher.stored_fields(docnum))
        stored["snippet"] = snippet(stored.get("text", ""), terms)
        details[docnum] = stored
    return details
