"""Matching a query text against one index generation: parsing, filters, a deadline, and a looser retry."""

import time
from dataclasses import dataclass, field

from whoosh import collectors
from whoosh import query as Q

from . import analysis
from .documents import PAGE
from .reader import Generation
from .schema import FILTER_FIELDS, SYNONYM_FIELDS
from .suggest import suggest

MIN_PREFIX = 2
# Researchers come for the practice cases; guidance pages (and the glossary's one-line definitions, which
# BM25 loves for being short) rank a little lower than a case section with the same raw score.
PAGE_WEIGHT = 0.6
PAGE_PREFIX = PAGE + ":"


def safe_query(query):
    """Drop parts of a parsed query that are costly or meaningless: '*', one-letter prefixes, every-doc."""
    if isinstance(query, Q.Every):
        return Q.NullQuery
    if isinstance(query, (Q.Wildcard, Q.Prefix)):
        text = query.text
        head = len(text) - len(text.lstrip("*?")) if isinstance(query, Q.Wildcard) else 0
        literal = text.split("*")[0].split("?")[0]
        if head or len(literal) < MIN_PREFIX:
            return Q.NullQuery
        return query
    if isinstance(query, Q.Term) and query.fieldname in SYNONYM_FIELDS:
        variants = analysis.synonyms(query.text)
        if variants:
            alternatives = [
                Q.Term(query.fieldname, v[0]) if len(v) == 1 else Q.Phrase(query.fieldname, list(v)) for v in variants
            ]
            return Q.Or(alternatives, boost=query.boost)
        return query
    return query.apply(safe_query)


def plain_query(parser, text: str):
    """The fallback when the syntax cannot be parsed: every word as a plain term, no operators."""
    words = [w for w in analysis.folded_words(text) if w]
    return parser.parse(" ".join(words)) if words else Q.NullQuery


def parse(generation: Generation, text: str, loose: bool = False):
    parser = generation.loose_parser if loose else generation.strict_parser
    with generation.parser_lock:  # a parser keeps state while parsing
        try:
            parsed = parser.parse(text)
        except Exception:
            parsed = plain_query(parser, text)
    query = safe_query(parsed).normalize()
    return query


def filter_query(filters: dict):
    parts = []
    for name in FILTER_FIELDS:
        value = filters.get(name)
        if value in (None, ""):
            continue
        value = str(value).lower() if name == "municipality" else str(value)
        parts.append(Q.Term(name, value))
    return Q.And(parts) if parts else None


@dataclass
class Matches:
    ranked: list = field(default_factory=list)  # (docnum, score, key), best first, within the window
    hits_per_key: dict = field(default_factory=dict)  # key -> number of matching sections (all matches)
    total_hits: int = 0
    timed_out: bool = False
    query: object = None
    loose: bool = False
    suggestion: str | None = None
    complete: bool = True  # ranked holds every matching section


def is_empty_query(query) -> bool:
    return query is Q.NullQuery or isinstance(query, Q.NullQuery.__class__)


def run_query(generation: Generation, query, fq, window: int, time_limit: float):
    searcher = generation.searcher()
    if fq is not None:  # Require: filter without scoring (a FilterCollector would skip the time limit)
        query = Q.Require(query, fq)
    # Whoosh's RequireMatcher breaks its own invariant when block-quality skipping moves it across
    # segments (AssertionError in binary.py `_find_next`), so filtered queries score every match.
    inner = searcher.collector(limit=window, optimize=fq is None)
    timed = DeadlineCollector(inner, time.perf_counter() + time_limit)
    searcher.search_with_collector(query, timed)
    return timed.results(), timed.timed_out


class DeadlineCollector(collectors.WrappingCollector):
    """Stops collecting at a deadline and keeps what it has (timed_out=True). Unlike Whoosh's
    TimeLimitCollector it uses no signal (which only works in the main thread) and no timer thread per
    query: it reads the clock every CHECK_EVERY matches, so it is safe and cheap in worker threads."""

    CHECK_EVERY = 256

    def __init__(self, child, deadline: float):
        self.child = child
        self.deadline = deadline
        self.timed_out = False

    def collect_matches(self):
        child, deadline, every = self.child, self.deadline, self.CHECK_EVERY
        for count, sub_docnum in enumerate(child.matches(), start=1):
            child.collect(sub_docnum)
            if count % every == 0 and time.perf_counter() > deadline:
                self.timed_out = True
                return
        self.timed_out = time.perf_counter() > deadline


def match(
    generation: Generation, text: str, filters: dict, window: int = 200, time_limit: float = 2.0, need_all: bool = False
) -> Matches:
    """Match a query text; the best `window` sections are scored, all matching sections are counted."""
    deadline = time.perf_counter() + time_limit
    text = analysis.prepare_query_text(text)
    fq = filter_query(filters)
    matches = Matches()
    if not text.strip() and fq is None:
        return matches
    query = parse(generation, text) if text.strip() else Q.Every()
    if text.strip() and is_empty_query(query):
        matches.suggestion = suggest(generation, text)
        return matches
    if need_all:
        window = None
    results, matches.timed_out = run_query(generation, query, fq, window, time_limit)
    if results.scored_length() == 0 and not matches.timed_out and text.strip():
        matches.suggestion = suggest(generation, text)
        loose = parse(generation, text, loose=True)
        if not is_empty_query(loose) and repr(loose) != repr(query):
            remaining = max(0.05, deadline - time.perf_counter())
            results, matches.timed_out = run_query(generation, loose, fq, window, remaining)
            query, matches.loose = loose, results.scored_length() > 0
    matches.query = query
    keys = generation.keys()
    ranked = [
        (docnum, score * (PAGE_WEIGHT if keys[docnum].startswith(PAGE_PREFIX) else 1.0), keys[docnum])
        for score, docnum in results.top_n
    ]
    matches.ranked = sorted(ranked, key=lambda item: -item[1])
    matches.complete = window is None or results.scored_length() < window or matches.timed_out
    if matches.complete:
        docnums = [docnum for docnum, _, _ in matches.ranked]
    else:
        full = Q.Require(query, fq) if fq is not None else query
        docnums = generation.searcher().docs_for_query(full)
    per_key = {}
    for docnum in docnums:
        key = keys[docnum]
        per_key[key] = per_key.get(key, 0) + 1
    matches.hits_per_key = per_key
    matches.total_hits = sum(per_key.values())
    return matches
