"""A small cache of term look-ups in front of one Whoosh segment reader.

Whoosh looks a term up in the on-disk hash table four or five times for one query (is it there, how many
sections hold it, its postings, its weight); each look-up hashes, seeks and unpacks. The cache keeps the
decoded term info (or its absence) per reader, which is per thread, so no lock is needed. Bounded: when full
it starts again empty, which costs one look-up per term, never a wrong answer (a generation never changes).
"""

from whoosh.reading import SegmentReader, TermNotFound

MAX_TERMS = 20_000  # term infos per reader; a few megabytes at most
_ABSENT = object()


class CachedTerms:
    """Wraps a codec's terms reader (W3TermsReader): same answers, each term decoded once."""

    def __init__(self, terms, max_terms: int = MAX_TERMS):
        self._terms = terms
        self._infos: dict = {}
        self._max = max(1, int(max_terms))

    def __getattr__(self, name):  # everything not cached goes to the wrapped reader
        return getattr(self._terms, name)

    def _info(self, fieldname, tbytes):
        key = (fieldname, tbytes)
        info = self._infos.get(key)
        if info is None:
            try:
                info = self._terms.term_info(fieldname, tbytes)
            except TermNotFound:
                info = _ABSENT
            if len(self._infos) >= self._max:
                self._infos.clear()
            self._infos[key] = info
        return info

    def __contains__(self, term):
        return self._info(*term) is not _ABSENT

    def term_info(self, fieldname, tbytes):
        info = self._info(fieldname, tbytes)
        if info is _ABSENT:
            raise TermNotFound(f"No term {fieldname}:{tbytes!r}")
        return info

    def frequency(self, fieldname, tbytes):
        info = self._info(fieldname, tbytes)
        if info is _ABSENT:
            raise KeyError((fieldname, tbytes))  # what the wrapped reader raises; SegmentReader answers 0
        return info.weight()

    def doc_frequency(self, fieldname, tbytes):
        info = self._info(fieldname, tbytes)
        if info is _ABSENT:
            raise KeyError((fieldname, tbytes))
        return info.doc_frequency()

    def matcher(self, fieldname, tbytes, format_, scorer=None):
        info = self.term_info(fieldname, tbytes)
        return self._terms._codec.postings_reader(
            self._terms._postfile, info, format_, term=(fieldname, tbytes), scorer=scorer
        )


def cache_terms(reader) -> None:
    """Put a CachedTerms in front of every segment of `reader` (a SegmentReader or a MultiReader of them)."""
    for segment_reader in getattr(reader, "readers", None) or [reader]:
        if isinstance(segment_reader, SegmentReader) and not isinstance(segment_reader._terms, CachedTerms):
            segment_reader._terms = CachedTerms(segment_reader._terms)
