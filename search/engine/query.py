"""Searching for researchers: results grouped by case, facets, snippets, suggestions and export rows.

The engine details live beside it (`matching`, `snippets`, `reader`); this module turns their
matches into plain result objects. `SearchEngine` is safe to share between threads and notices when
build_index.py swaps in a new index.
"""

import os
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from .. import config
from ..content.vocabulary import load_vocabulary
from .matching import is_plain_words, match
from .reader import (  # noqa: F401  (IndexMissing: part of this module's contract)
    Generation,
    IndexMissing,
    missing,
    resolve_generation,
)
from .snippets import highlight_terms, section_details

SORTS = ("relevance", "year", "municipality")
FACETS = ("role", "province", "municipality", "theme", "year")
DEFAULT_TIME_LIMIT = 2.0  # seconds; after that a search returns what it has (timed_out=True)
MIN_WINDOW = 200  # sections scored per query; more when a later page needs them


@dataclass(frozen=True)
class Filters:
    role: str | None = None
    province: str | None = None
    municipality: str | None = None
    theme: str | None = None
    year: int | None = None

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in FACETS}


@dataclass
class Hit:
    section: str
    anchor: str
    url: str
    score: float
    snippet: str


@dataclass
class ResultGroup:
    slug: str
    title: str
    kind: str
    url: str
    role: str
    role_label: str
    province: str
    municipalities: list
    themes: list
    years: list
    score: float
    hits: list = field(default_factory=list)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    query: str
    groups: list
    total_groups: int
    total_hits: int
    page: int
    page_size: int
    facets: dict
    suggestion: str | None
    timed_out: bool
    all_words: bool = True  # False when no section held every word and these results hold some of them
    notices: list = field(default_factory=list)  # what a bound on the query's cost changed, in Dutch


def labels() -> dict:
    vocabulary = load_vocabulary()
    return {
        "role": {k: v["label"] for k, v in vocabulary.roles.items()},
        "province": dict(vocabulary.provinces),
        "theme": dict(vocabulary.themes),
    }


def facet_values(item: dict) -> tuple:
    """The (facet, value) pairs one case counts for in the facets, in facet order; () for a page."""
    if item.get("kind") != "case":
        return ()
    values = {
        "role": [item.get("role")],
        "province": [item.get("province")],
        "municipality": item.get("municipalities", []),
        "theme": item.get("themes", []),
        "year": item.get("years", []),
    }
    return tuple((name, value) for name, found in values.items() for value in found if value not in (None, ""))


def facet_counts(keys, values_of: dict) -> dict:
    """Per facet, how many matching cases (not sections) have each value; most first, then by label.
    values_of: key -> facet_values of its case (Generation.per_key), so a search only counts."""
    names = labels()
    counted = Counter(chain.from_iterable(values_of.get(key, ()) for key in keys))
    counts = {name: {} for name in FACETS}
    for (name, value), count in counted.items():  # in order of first appearance, as the sort's tie-break
        counts[name][value] = count
    facets = {}
    for name, found in counts.items():
        items = [FacetValue(value=str(v), label=names.get(name, {}).get(v, str(v)), count=c) for v, c in found.items()]
        if name == "year":
            items.sort(key=lambda f: f.value)
        else:
            items.sort(key=lambda f: (-f.count, f.label.lower()))
        facets[name] = items
    return facets


class SearchEngine:
    """Searches the index at `index_dir`; reopens by itself after an atomic index swap."""

    def __init__(self, index_dir=config.INDEX_DIR):
        self.index_dir = Path(index_dir)
        self.lock = threading.Lock()
        self.generation = None
        self.generation_path = None

    def current(self):
        try:
            target = os.readlink(self.index_dir)
        except OSError:
            raise missing(self.index_dir) from None
        if self.generation is not None and target == self.generation_path:
            return self.generation
        with self.lock:
            if self.generation is None or target != self.generation_path:
                old = self.generation
                self.generation = Generation(resolve_generation(self.index_dir))
                self.generation_path = target
                if old is not None:
                    old.retire()  # closes its searchers once no search uses it any more
            return self.generation

    def lease(self):
        """The current generation, counted as in use until the caller releases it, even if a swap happens."""
        while True:
            generation = self.current()
            if generation.acquire():  # False only if a swap retired it just now: take the new one
                return generation

    @contextmanager
    def leased(self):
        generation = self.lease()
        try:
            yield generation
        finally:
            generation.release()

    def is_quick(self, text: str, max_words: int, max_sections: int) -> bool:
        """A query of at most `max_words` plain words on an index of at most `max_sections` sections: its cost
        is bounded by both, so a server may run it without handing it to a worker thread."""
        words = (text or "").split()
        if not words or len(words) > max_words or not is_plain_words(" ".join(words)):
            return False
        return self.current().section_count() <= max_sections

    def search(self, text, filters: Filters | None = None, **options) -> SearchResults:
        """One page of results (options: page, page_size, sort, time_limit) from the current index."""
        with self.leased() as generation:
            return self.search_in(generation, text, filters, **options)

    def search_in(
        self,
        generation,
        text,
        filters: Filters | None = None,
        *,
        page=1,
        page_size=10,
        sort="relevance",
        time_limit=DEFAULT_TIME_LIMIT,
    ) -> SearchResults:
        page, page_size = max(1, int(page)), max(1, int(page_size))
        ranking = self.rank_in(
            generation, text, filters, sort=sort, window=max(MIN_WINDOW, page * page_size * 10), time_limit=time_limit
        )
        chosen = ranking.order[(page - 1) * page_size : page * page_size]
        groups = list(ranking.groups(chosen))
        return SearchResults(
            query=text or "",
            groups=groups,
            total_groups=len(ranking.order),
            total_hits=ranking.matches.total_hits,
            page=page,
            page_size=page_size,
            facets=facet_counts(ranking.order, generation.per_key("facets", facet_values)),
            suggestion=ranking.matches.suggestion,
            timed_out=ranking.matches.timed_out,
            all_words=not ranking.matches.loose,
            notices=list(ranking.matches.notices),
        )

    def rank_in(
        self,
        generation,
        text,
        filters: Filters | None = None,
        *,
        sort="relevance",
        window=MIN_WINDOW,
        time_limit=DEFAULT_TIME_LIMIT,
    ) -> "Ranking":
        """Match once and order every matching case or page; groups (with snippets) are made on demand."""
        filters = filters or Filters()
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {SORTS}")
        matches = match(
            generation,
            text or "",
            filters.as_dict(),
            window=window,
            time_limit=time_limit,
            need_all=sort != "relevance",
        )
        best = {}
        for docnum, score, key in matches.ranked:
            best.setdefault(key, []).append((docnum, score))
        # Cases that match only outside the scored window still count and are listed after the others.
        order = list(best) + [k for k in matches.hits_per_key if k not in best]
        return Ranking(generation, matches, sort_keys(order, generation.meta, sort), best)

    def export(
        self, text, filters: Filters | None = None, *, sort="relevance", limit: int, time_limit=DEFAULT_TIME_LIMIT
    ) -> "Ranking":
        """The first `limit` groups of a result set, for a download: `.groups()` makes them one at a time. The
        generation stays leased until those groups have been made (or the stream is dropped), so a swap
        meanwhile does not close it under the download."""
        generation = self.lease()  # released by the Ranking's groups()
        try:
            ranking = self.rank_in(
                generation, text, filters, sort=sort, window=max(MIN_WINDOW, limit * 10), time_limit=time_limit
            )
        except BaseException:
            generation.release()
            raise
        ranking.limit, ranking.leased = limit, True
        return ranking


@dataclass
class Ranking:
    """One matched query: every matching key in result order, and how to turn keys into ResultGroups."""

    generation: object
    matches: object
    order: list
    best: dict  # key -> [(docnum, score)] of its scored sections, best first
    limit: int | None = None  # for an export: how many groups `groups()` gives at most
    leased: bool = False  # an export holds the generation until groups() has run

    @property
    def total_groups(self) -> int:
        return len(self.order)

    @property
    def cut(self) -> bool:
        """An export that leaves out groups because of its limit."""
        return self.limit is not None and len(self.order) > self.limit

    def groups(self, keys=None):
        """ResultGroups for `keys` (default: the export's first `limit`), made one by one: snippets are the
        costly part, and a download streams them as they come."""
        if keys is None:
            keys = self.order[: self.limit] if self.limit is not None else self.order
        try:
            yield from self.make_groups(keys)
        finally:
            if self.leased:
                self.leased = False
                self.generation.release()

    def make_groups(self, keys):
        meta, role_labels = self.generation.meta, labels()["role"]
        terms = highlight_terms(self.matches.query)
        for key in keys:
            scored = self.best.get(key, [])
            details = section_details(self.generation, self.matches, [d for d, _ in scored], terms)
            item = meta.get(key, {})
            hits = [
                Hit(
                    section=details[d].get("section", ""),
                    anchor=details[d].get("anchor", ""),
                    url=details[d].get("url", ""),
                    score=round(float(s), 4),
                    snippet=details[d]["snippet"],
                )
                for d, s in scored
            ]
            role = item.get("role", "")
            yield ResultGroup(
                slug=item.get("slug", key.split(":", 1)[-1]),
                title=item.get("title", ""),
                kind=item.get("kind", "case"),
                url=item.get("url", ""),
                role=role,
                role_label=role_labels.get(role, "") if role else "",
                province=item.get("province", ""),
                municipalities=list(item.get("municipalities", [])),
                themes=list(item.get("themes", [])),
                years=list(item.get("years", [])),
                score=hits[0].score if hits else 0.0,
                hits=hits,
            )


def sort_keys(keys: list, meta: dict, sort: str) -> list:
    if sort == "year":  # newest first; pages (no years) last
        return sorted(keys, key=lambda k: -(max(meta.get(k, {}).get("years") or [0])))
    if sort == "municipality":
        return sorted(keys, key=lambda k: ((meta.get(k, {}).get("municipalities") or ["\uffff"])[0].lower()))
    return keys


def result_rows(results: SearchResults) -> list[dict]:
    """Flat rows for JSON and CSV export: one per matching section, best case first."""
    return list(RowStream(results.groups))


class RowStream:
    """Rows of result groups (any iterable, also a stream), one per matching section, at most `max_rows`;
    after iterating, `cut` says whether rows were left out and `count` how many came."""

    def __init__(self, groups, max_rows: int | None = None):
        self.groups, self.max_rows = groups, max_rows
        self.count, self.cut = 0, False

    def __iter__(self):
        for group in self.groups:
            for hit in group.hits:
                if self.max_rows is not None and self.count >= self.max_rows:
                    self.cut = True
                    return
                self.count += 1
                yield {
                    "slug": group.slug,
                    "title": group.title,
                    "section": hit.section,
                    "anchor": hit.anchor,
                    "score": hit.score,
                    "snippet": hit.snippet,
                    "url": hit.url,
                    "role": group.role,
                    "province": group.province,
                    "kind": group.kind,
                }
