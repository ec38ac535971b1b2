"""Reading the index: find the generation the index path points at and open it for searching."""

import os
import threading
from collections import OrderedDict
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, OrGroup
from whoosh.qparser import plugins as qplugins

from .. import config
from .entities import NameIndex
from .files import MANIFEST, META, WORDS, read_json
from .schema import FIELD_ALIASES, FIELD_BOOSTS, SEARCH_FIELDS
from .suggest import word_buckets
from .term_cache import cache_terms

QUERY_TERMS_KEPT = 50_000  # typed words whose analysis a generation keeps (query_terms)
LOOSE_SCALE = 0.9  # the loose query's Or rewards sections that hold more of the words (OrGroup.factory)


class IndexMissing(Exception):
    """No usable index at the given place; the message (Dutch) says how to build one."""


MISSING_MESSAGE = "er is nog geen zoekindex in {path}. Bouw die eerst met: python build_index.py{option}"


def missing(index_dir) -> IndexMissing:
    option = "" if Path(index_dir).resolve() == config.INDEX_DIR.resolve() else f" --index {index_dir}"
    return IndexMissing(MISSING_MESSAGE.format(path=index_dir, option=option))


def resolve_generation(index_dir) -> Path:
    """The generation folder the index path points at now; IndexMissing when there is none."""
    link = Path(index_dir)
    if link.is_symlink():
        target = link.parent / os.readlink(link)
        if (target / MANIFEST).exists():
            return target
    raise missing(index_dir)


class SectionCache:
    """The most recently used sections of one generation, made by `make(docnum)` on a miss; at most `size`."""

    def __init__(self, size: int):
        self.size = max(0, int(size))
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, docnum: int, make):
        with self._lock:
            value = self._entries.get(docnum)
            if value is not None:
                self._entries.move_to_end(docnum)
                return value
        value = make(docnum)
        if self.size:
            with self._lock:
                self._entries[docnum] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value


class Generation:
    """One opened index generation. Readers are per thread: Whoosh readers are not safe to share.

    Searches lease it (acquire/release); when a swap retires it, it closes every searcher it opened as
    soon as the last search that still uses it is done, so open files do not pile up across swaps.
    """

    def __init__(self, path: Path):
        self.path = path
        try:
            self.index = whoosh_index.open_dir(str(path))
            self.meta = read_json(path / META)
            self.words_path = path / WORDS
        except Exception as error:  # a damaged or foreign folder: tell the user to rebuild
            raise IndexMissing(
                f"de zoekindex in {path} is niet leesbaar ({type(error).__name__}). "
                "Bouw hem opnieuw met: python build_index.py"
            ) from error
        self.schema = self.index.schema
        self.local = threading.local()
        self.strict_parser = self.parser(AndGroup)
        self.loose_parser = self.parser(OrGroup.factory(LOOSE_SCALE))
        self.parser_lock = threading.Lock()
        self.sections = SectionCache(config.SNIPPET_CACHE_SECTIONS)  # stored fields and text, for snippets
        self._per_key = {}  # name -> {key: value}, see per_key
        self._query_terms = {}  # (field, typed word) -> terms, see query_terms
        self._state = threading.Lock()  # guards the fields below
        self._opened = []  # every searcher opened in any thread
        self._users = 0
        self._retired = False
        self.closed = False

    def acquire(self) -> bool:
        """Count one more search using this generation; False once it has been retired (use the new one)."""
        with self._state:
            if self._retired:
                return False
            self._users += 1
            return True

    def release(self) -> None:
        with self._state:
            self._users -= 1
            done = self._retired and self._users == 0
        if done:
            self.close()

    def retire(self) -> None:
        """A newer generation took over: close now, or when the last search still using this one ends."""
        with self._state:
            self._retired = True
            done = self._users == 0
        if done:
            self.close()

    def close(self) -> None:
        with self._state:
            if self.closed:
                return
            self.closed = True
            opened, self._opened = self._opened, []
        for searcher in opened:
            searcher.close()
        self.index.close()

    def parser(self, group):
        parser = MultifieldParser(list(SEARCH_FIELDS), self.schema, fieldboosts=FIELD_BOOSTS, group=group)
        for plugin_class in (qplugins.SingleQuotePlugin, qplugins.EveryPlugin, qplugins.RangePlugin):
            parser.remove_plugin_class(plugin_class)
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        return parser

    def query_terms(self, field: str, word: str) -> tuple:
        """The terms the field's analyzer makes of one typed word (query mode), kept per generation: the same
        words come back in many queries, and the Dutch analysis is a good part of making a plain query."""
        key = (field, word)
        found = self._query_terms.get(key)
        if found is None:
            found = tuple(self.schema[field].process_text(word, mode="query"))
            if len(self._query_terms) >= QUERY_TERMS_KEPT:
                self._query_terms.clear()  # bounded: start again rather than grow with every new word
            self._query_terms[key] = found
        return found

    def words(self) -> dict:
        """Known words for suggestions, read on first need (most queries never need them)."""
        if getattr(self, "_words", None) is None:
            self._words = read_json(self.words_path) if self.words_path.exists() else {}
        return self._words

    def word_buckets(self) -> dict:
        """Known words by first letter and length, for bounded suggestions; built on first need."""
        if getattr(self, "_buckets", None) is None:
            self._buckets = word_buckets(self.words())
        return self._buckets

    def per_key(self, name: str, make) -> dict:
        """{key: make(meta of key)} for every case and page of this generation, made on first need and kept;
        `name` tells such tables apart (the facet values of each case, for example)."""
        tables = self._per_key
        if name not in tables:
            tables[name] = {key: make(item) for key, item in self.meta.items()}
        return tables[name]

    def names(self) -> NameIndex:
        """The case names a query can mention, built on first need from the meta."""
        if getattr(self, "_names", None) is None:
            self._names = NameIndex(self.meta)
        return self._names

    def section_count(self) -> int:
        """How many sections (Whoosh documents) this generation holds."""
        if getattr(self, "_section_count", None) is None:
            self._section_count = self.searcher().doc_count_all()
        return self._section_count

    def searcher(self):
        searcher = getattr(self.local, "searcher", None)
        if searcher is None:
            searcher = self.index.searcher()
            cache_terms(searcher.reader())
            with self._state:
                self._opened.append(searcher)
            self.local.searcher = searcher
            self.local.keys = searcher.reader().column_reader("key")
        return searcher

    def keys(self):
        self.searcher()
        return self.local.keys
