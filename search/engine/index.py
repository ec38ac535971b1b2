"""The Whoosh index: schema, building aside and swapping atomically, incremental updates, and matching.

Layout: the index path (default build/index) is a symlink to a sibling generation folder
`<name>.gen-<ns>`. A build writes into `.<name>.tmp-<pid>`, checks it, renames it to a generation and
then replaces the symlink with os.replace, which is atomic: a reader sees the old or the new index,
never half of one. A crash or kill -9 leaves only a tmp folder behind, which the next build removes.
Incremental updates hard-link the segment files of the current generation into the tmp folder (Whoosh
never rewrites a segment file; deletions live in the table of contents, which is copied) and add one
new segment. Only this module and `search/analysis.py` import whoosh.
"""
import hashlib
import html
import json
import os
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, OrGroup
from whoosh.qparser import plugins as qplugins

from . import analysis, documents
from .. import config

MANIFEST = "manifest.json"
META = "meta.json"
WORDS = "words.json"          # folded word -> count, for "Bedoelde u …?" (cheaper than Whoosh's spelling field)
GENERATION_MARK = ".gen-"
TMP_MARK = ".tmp-"
KEEP_GENERATIONS = 2          # the current one and the one before, so readers that are still open survive
MULTIPROCESS_FROM = 5000      # documents; below this forking costs more than it saves
PARALLEL_CASES_FROM = 400     # case files; reading, checking and classifying them runs in two processes
PAUSE_ENV = "KENNISBANK_INDEX_PAUSE"   # tests: seconds to sleep before the swap, to kill a build midway
SOURCE_FILES = ("engine/analysis.py", "engine/index.py", "engine/documents.py", "roles/classifier.py", "text.py")

# "head" is the case/page title plus the section heading: one short field, so a word costs two
# posting lists (head, text) instead of three; "exact" only joins for words typed with diacritics.
SEARCH_FIELDS = ("head", "text", "exact")
FIELD_BOOSTS = {"head": 1.0, "text": 1.0, "exact": 1.5}
SYNONYM_FIELDS = ("head", "text")
# Dutch names for field:value searches, as documented in `python -m search query --help`.
FIELD_ALIASES = {"head": ["titel", "kop"], "text": ["tekst"], "municipality": ["gemeente"],
                 "province": ["provincie"], "role": ["rol"], "theme": ["thema"], "year": ["jaar"],
                 "kind": ["soort"]}
FILTER_FIELDS = ("role", "province", "municipality", "theme", "year")
MIN_PREFIX = 2
# Researchers come for the practice cases; guidance pages (and the glossary's one-line definitions, which
# BM25 loves for being short) rank a little lower than a case section with the same raw score.
PAGE_WEIGHT = 0.6
PAGE_PREFIX = documents.PAGE + ":"
MIN_SUGGEST_LENGTH = 3
MAX_EDITS = 2
SNIPPET_CHARS = 220


class IndexMissing(Exception):
    """No usable index at the given place; the message (Dutch) says how to build one."""


class BuildFailed(Exception):
    """The build stopped; the previous index is untouched. Carries Dutch lines to print."""

    def __init__(self, lines, exit_code=1):
        super().__init__("\n".join(lines))
        self.lines = list(lines)
        self.exit_code = exit_code


# ---------------------------------------------------------------- schema and version

def make_schema() -> Schema:
    text = analysis.dutch_analyzer()
    return Schema(
        key=ID(stored=True, sortable=True),
        kind=ID(stored=True),
        slug=ID(stored=True),
        title=STORED, section=STORED,
        head=TEXT(analyzer=text),
        text=TEXT(analyzer=text, stored=True),
        exact=TEXT(analyzer=analysis.diacritic_analyzer(), phrase=False),
        anchor=STORED, url=STORED, position=STORED,
        role=ID(stored=True), province=ID(stored=True),
        municipality=KEYWORD(stored=True, commas=True, lowercase=True),
        theme=KEYWORD(stored=True, commas=True),
        year=KEYWORD(stored=True, commas=True),
    )


@lru_cache(maxsize=1)
def index_version() -> str:
    """Changes whenever the analysis, schema or document code changes: then a full rebuild is needed.

    Computed once per process (and inherited by forked children), so one run sees one version."""
    digest = hashlib.sha256(f"analysis={analysis.ANALYSIS_VERSION}".encode())
    here = Path(__file__).resolve().parent.parent
    for name in SOURCE_FILES:
        path = here / name
        if path.exists():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:24]


def whoosh_document(doc: dict) -> dict:
    return {
        "key": doc["key"], "kind": doc["kind"], "slug": doc["slug"], "title": doc["title"],
        "section": doc["section"], "text": doc["text"], "head": f"{doc['title']}\n{doc['section']}",
        "exact": f"{doc['title']}\n{doc['section']}\n{doc['text']}",
        "anchor": doc["anchor"], "url": doc["url"], "position": doc["position"],
        "role": doc["role"] or "", "province": doc["province"] or "",
        "municipality": ",".join(doc["municipalities"]), "theme": ",".join(doc["themes"]),
        "year": ",".join(str(y) for y in doc["years"]),
    }


# ---------------------------------------------------------------- locations

@dataclass(frozen=True)
class Location:
    link: Path          # what users name with --index; a symlink to the current generation

    @property
    def parent(self) -> Path:
        return self.link.parent

    @property
    def name(self) -> str:
        return self.link.name

    def current(self) -> Path | None:
        if self.link.is_symlink():
            target = self.parent / os.readlink(self.link)
            return target if target.is_dir() else None
        return None

    def generations(self) -> list[Path]:
        prefix = self.name + GENERATION_MARK
        return sorted(p for p in self.parent.glob(prefix + "*") if p.is_dir())

    def tmp_dir(self) -> Path:
        return self.parent / f".{self.name}{TMP_MARK}{os.getpid()}"


def location_for(index_dir) -> Location:
    link = Path(index_dir)
    if link.exists() and not link.is_symlink():
        raise BuildFailed([f"fout: {link} is een gewone map of bestand, geen index van deze kennisbank.",
                           "Kies met --index een andere plek, of verwijder die map eerst."], exit_code=2)
    return Location(link)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_up(location: Location) -> None:
    """Remove tmp folders of builds that died, and generations older than the last KEEP_GENERATIONS."""
    for tmp in location.parent.glob(f".{location.name}{TMP_MARK}*"):
        try:
            pid = int(tmp.name.rsplit(TMP_MARK, 1)[1])
        except ValueError:
            continue
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)
    current = location.current()
    old = [g for g in location.generations() if current is None or g.resolve() != current.resolve()]
    for generation in old[: max(0, len(old) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(generation, ignore_errors=True)


def swap_in(location: Location, built: Path) -> Path:
    """Rename the checked tmp folder to a generation and point the link at it, atomically."""
    generation = location.parent / f"{location.name}{GENERATION_MARK}{time.time_ns()}"
    os.rename(built, generation)
    new_link = location.parent / f".{location.name}.link-{os.getpid()}"
    if new_link.is_symlink() or new_link.exists():
        new_link.unlink()
    os.symlink(generation.name, new_link)
    os.replace(new_link, location.link)
    return generation


def maybe_pause() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        time.sleep(float(seconds))


# ---------------------------------------------------------------- collecting sources

@dataclass
class Collected:
    sources: list                 # documents.Source, ready to index
    digests: dict                 # key -> digest, for every case and page (changed or not)
    stats: dict = field(default_factory=dict)    # case key -> [mtime_ns, size], to skip unchanged files


def prepare_cases(paths) -> tuple[list, list]:
    """Load, check and turn case files into sources: (sources, sorted error problems)."""
    from ..content import validate
    # Large sets are prepared in two halves; within one folder a slug clash between the halves also breaks
    # the rule that the slug equals the file name, so it is still reported.
    cases, problems = validate.load_and_check(paths, compare_with_library=False)
    errors = [p for p in problems if p.is_error]
    if errors:
        return [], errors
    return [documents.case_source(case) for case in cases], []


def case_sources(paths) -> list:
    """Sources for the given case files, two processes at a time for large sets; BuildFailed on any error."""
    paths = list(paths)
    if len(paths) >= PARALLEL_CASES_FROM:
        import multiprocessing
        chunks = [paths[i::2] for i in range(2)]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            parts = pool.map(prepare_cases, chunks)
        sources = sorted((s for part in parts for s in part[0]), key=lambda s: s.key)
        errors = sorted((p for part in parts for p in part[1]), key=lambda p: (str(p.path), p.line, p.message))
    else:
        sources, errors = prepare_cases(paths)
    if errors:
        lines = [str(p) for p in errors]
        lines.append(f"De index is niet bijgewerkt: {len(errors)} "
                     f"{'probleem' if len(errors) == 1 else 'problemen'}. Pas ze aan en probeer het opnieuw "
                     "(controleren kan met 'python -m search check').")
        raise BuildFailed(lines)
    return sources


def case_paths(cases_dir: Path) -> list[tuple[Path, tuple[int, int]]]:
    """Case files in a folder (same rule as cases.case_files) with (mtime_ns, size), in one directory scan."""
    if not cases_dir.is_dir():
        return []
    found = []
    with os.scandir(cases_dir) as entries:
        for entry in entries:
            if entry.name.endswith(config.CASE_SUFFIX) and not entry.name.startswith("_") and entry.is_file():
                info = entry.stat()
                found.append((entry.name, Path(entry.path), (info.st_mtime_ns, info.st_size)))
    return [(path, stat) for _, path, stat in sorted(found, key=lambda item: item[0])]


def collect(cases_dir, docs_dir, known: dict | None = None, known_stats: dict | None = None) -> Collected:
    """Sources to (re)index. With `known` (key -> digest), unchanged files are not parsed; a file whose
    modification time and size equal `known_stats` is not even read."""
    known, known_stats = known or {}, known_stats or {}
    digests, stats, changed_cases = {}, {}, []
    for path, stat in case_paths(Path(cases_dir)):
        key = f"{documents.CASE}:{path.stem}"
        stats[key] = list(stat)
        if key in known and known_stats.get(key) == list(stat):
            digests[key] = known[key]
            continue
        try:
            raw = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            raw = None
        digest = documents.digest(raw) if raw is not None else ""
        digests[key] = digest
        if known.get(key) != digest or not digest:
            changed_cases.append(path)
    sources = []
    if changed_cases:
        for source in case_sources(changed_cases):
            if source.key not in digests:            # slug differs from the file name: check reports it
                digests[source.key] = source.digest
            sources.append(source)
    docs_dir = Path(docs_dir)
    for path in documents.page_files(docs_dir):
        raw = path.read_text(encoding="utf-8")
        key = f"{documents.PAGE}:{path.relative_to(docs_dir).as_posix()}"
        digests[key] = documents.digest(raw)
        if known.get(key) != digests[key]:
            sources.append(documents.page_source(path, docs_dir))
    return Collected(sources=sources, digests=digests, stats=stats)


# ---------------------------------------------------------------- build

@dataclass
class BuildReport:
    mode: str                     # "volledig", "bijgewerkt" or "ongewijzigd"
    generation: Path | None
    documents: int
    sources: int
    changed: int = 0
    removed: int = 0
    seconds: float = 0.0


def progress(iterable, total: int, show: bool):
    if not show:
        return iterable
    from tqdm import tqdm
    return tqdm(iterable, total=total, desc="indexeren", unit="sectie", leave=False)


def add_documents(writer, sources, show_progress: bool) -> int:
    docs = [doc for source in sources for doc in source.documents]
    for doc in progress(docs, len(docs), show_progress and len(docs) > 2000):
        writer.add_document(**whoosh_document(doc))
    return len(docs)


def word_counts(sources, counts: dict | None = None) -> dict:
    counts = dict(counts or {})
    for source in sources:
        for doc in source.documents:
            for word in analysis.folded_words(f"{doc['title']} {doc['section']} {doc['text']}"):
                if len(word) >= MIN_SUGGEST_LENGTH and word.isalpha():
                    counts[word] = counts.get(word, 0) + 1
    return counts


def write_json(path: Path, data) -> None:
    """Write a fresh file (never through a hard link shared with the previous generation)."""
    if path.exists():
        path.unlink()
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def check_built(directory: Path, expected_docs: int, sample: dict | None) -> None:
    """The build must hold exactly the expected documents and answer one known query."""
    ix = whoosh_index.open_dir(str(directory))
    with ix.searcher() as searcher:
        count = searcher.doc_count()
        if count != expected_docs:
            raise BuildFailed([f"fout: de nieuwe index bevat {count} secties in plaats van {expected_docs}. "
                               "De vorige index blijft in gebruik."])
        if sample is not None:
            terms = analysis.analyze(sample["text"] or sample["title"], mode="query")[:1]
            if terms and searcher.search(Q.Term("text" if sample["text"] else "head", terms[0]), limit=1).is_empty():
                raise BuildFailed([f"fout: de nieuwe index vindt '{terms[0]}' niet terug. De vorige index blijft "
                                   "in gebruik."])
    ix.close()


def build(cases_dir=config.CASES_DIR, docs_dir=config.DOCS_DIR, index_dir=config.INDEX_DIR,
          incremental=False, show_progress=False) -> BuildReport:
    """Build (or update) the index aside, check it and swap it in. Raises BuildFailed; never half-done."""
    started = time.perf_counter()
    location = location_for(index_dir)
    location.parent.mkdir(parents=True, exist_ok=True)
    clean_up(location)
    current = location.current()
    version = index_version()
    if incremental and current is not None and (current / MANIFEST).exists():
        manifest = read_json(current / MANIFEST)
        if manifest.get("version") == version:
            report = update(location, current, manifest, cases_dir, docs_dir, show_progress)
            report.seconds = time.perf_counter() - started
            return report
    collected = collect(cases_dir, docs_dir)
    tmp = location.tmp_dir()
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        storage = FileStorage(str(tmp))
        ix = storage.create_index(make_schema())
        total_docs = sum(len(s.documents) for s in collected.sources)
        options = {"procs": 2, "multisegment": True, "limitmb": 128} if total_docs >= MULTIPROCESS_FROM else {}
        writer = ix.writer(**options)
        try:
            count = add_documents(writer, collected.sources, show_progress)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        meta = {s.key: s.meta() for s in collected.sources}
        counts = {s.key: len(s.documents) for s in collected.sources}
        generation = publish(location, tmp, meta, word_counts(collected.sources),
                             {"version": version, "digests": collected.digests, "counts": counts,
                              "stats": collected.stats}, collected.sources)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    clean_up(location)
    return BuildReport("volledig", generation, count, len(collected.sources), changed=len(collected.sources),
                       seconds=time.perf_counter() - started)


def publish(location: Location, tmp: Path, meta: dict, words: dict, manifest: dict, new_sources) -> Path:
    """Write the side files of a generation built in `tmp`, check it, and swap it in as the current one."""
    write_json(tmp / META, meta)
    write_json(tmp / WORDS, words)
    write_json(tmp / MANIFEST, manifest)
    sample = next((d for s in new_sources for d in s.documents if d["text"]), None)
    check_built(tmp, sum(manifest["counts"].values()), sample)
    maybe_pause()
    return swap_in(location, tmp)


def link_generation(current: Path, tmp: Path) -> None:
    """Copy a generation cheaply: hard links for the immutable segment files, real copies for the rest."""
    for item in current.iterdir():
        if item.name in (MANIFEST, META, WORDS) or "LOCK" in item.name.upper():
            continue
        if item.suffix == ".toc" or item.stat().st_size < 4096:
            shutil.copy2(item, tmp / item.name)
        else:
            os.link(item, tmp / item.name)


def update(location: Location, current: Path, manifest: dict, cases_dir, docs_dir, show_progress) -> BuildReport:
    known = manifest.get("digests", {})
    counts = dict(manifest.get("counts", {}))
    collected = collect(cases_dir, docs_dir, known=known, known_stats=manifest.get("stats", {}))
    removed = [key for key in known if key not in collected.digests]
    changed = collected.sources
    if not changed and not removed:
        return BuildReport("ongewijzigd", current, sum(counts.values()), len(known))
    meta = read_json(current / META)
    tmp = location.tmp_dir()
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        link_generation(current, tmp)
        ix = whoosh_index.open_dir(str(tmp))
        writer = ix.writer()
        try:
            for key in removed + [s.key for s in changed]:
                writer.delete_by_term("key", key)
                counts.pop(key, None)
                meta.pop(key, None)
            add_documents(writer, changed, show_progress)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        for source in changed:
            meta[source.key] = source.meta()
            counts[source.key] = len(source.documents)
        # Words of removed text stay in the list: a stale suggestion only finds nothing, it never misleads.
        generation = publish(location, tmp, meta, word_counts(changed, read_json(current / WORDS)),
                             {"version": manifest["version"], "digests": collected.digests, "counts": counts,
                              "stats": collected.stats}, changed)
        total = sum(counts.values())
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    clean_up(location)
    return BuildReport("bijgewerkt", generation, total, len(collected.digests), changed=len(changed),
                       removed=len(removed))


# ---------------------------------------------------------------- reading: one opened generation

MISSING_MESSAGE = ("er is nog geen zoekindex in {path}. Bouw die eerst met: python build_index.py"
                   "{option}")


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


class Generation:
    """One opened index generation. Readers are per thread: Whoosh readers are not safe to share."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.index = whoosh_index.open_dir(str(path))
            self.meta = read_json(path / META)
            self.words_path = path / WORDS
        except Exception as error:            # a damaged or foreign folder: tell the user to rebuild
            raise IndexMissing(f"de zoekindex in {path} is niet leesbaar ({type(error).__name__}). "
                               "Bouw hem opnieuw met: python build_index.py") from error
        self.schema = self.index.schema
        self.local = threading.local()
        self.strict_parser = self.parser(AndGroup)
        self.loose_parser = self.parser(OrGroup.factory(0.9))
        self.parser_lock = threading.Lock()

    def parser(self, group):
        parser = MultifieldParser(list(SEARCH_FIELDS), self.schema, fieldboosts=FIELD_BOOSTS, group=group)
        for plugin_class in (qplugins.SingleQuotePlugin, qplugins.EveryPlugin, qplugins.RangePlugin):
            parser.remove_plugin_class(plugin_class)
        parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
        return parser

    def words(self) -> dict:
        """Known words for suggestions, read on first need (most queries never need them)."""
        if getattr(self, "_words", None) is None:
            self._words = read_json(self.words_path) if self.words_path.exists() else {}
        return self._words

    def searcher(self):
        searcher = getattr(self.local, "searcher", None)
        if searcher is None:
            searcher = self.index.searcher()
            self.local.searcher = searcher
            self.local.keys = searcher.reader().column_reader("key")
        return searcher

    def keys(self):
        self.searcher()
        return self.local.keys


# ---------------------------------------------------------------- queries

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
            alternatives = [Q.Term(query.fieldname, v[0]) if len(v) == 1 else Q.Phrase(query.fieldname, list(v))
                            for v in variants]
            return Q.Or(alternatives, boost=query.boost)
        return query
    return query.apply(safe_query)


def plain_query(parser, text: str):
    """The fallback when the syntax cannot be parsed: every word as a plain term, no operators."""
    words = [w for w in analysis.folded_words(text) if w]
    return parser.parse(" ".join(words)) if words else Q.NullQuery


def parse(generation: Generation, text: str, loose: bool = False):
    parser = generation.loose_parser if loose else generation.strict_parser
    with generation.parser_lock:          # a parser keeps state while parsing
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
    ranked: list = field(default_factory=list)       # (docnum, score, key), best first, within the window
    hits_per_key: dict = field(default_factory=dict)  # key -> number of matching sections (all matches)
    total_hits: int = 0
    timed_out: bool = False
    query: object = None
    loose: bool = False
    suggestion: str | None = None
    complete: bool = True                            # ranked holds every matching section


def is_empty_query(query) -> bool:
    return query is Q.NullQuery or isinstance(query, Q.NullQuery.__class__)


def run_query(generation: Generation, query, fq, window: int, time_limit: float):
    searcher = generation.searcher()
    if fq is not None:       # Require: filter without scoring (a FilterCollector would skip the time limit)
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


def match(generation: Generation, text: str, filters: dict, window: int = 200, time_limit: float = 2.0,
          need_all: bool = False) -> Matches:
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
    ranked = [(docnum, score * (PAGE_WEIGHT if keys[docnum].startswith(PAGE_PREFIX) else 1.0), keys[docnum])
              for score, docnum in results.top_n]
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


def suggest(generation: Generation, text: str) -> str | None:
    """'Bedoelde u …?': replace words the index does not know by the nearest word it does know."""
    reader = generation.searcher().reader()
    changed, out = False, []
    for word in text.split():
        core = word.strip("\"'()*?,.;:!").lower()
        folded = analysis.fold(core)
        terms = analysis.analyze(folded, mode="query") if folded.isalpha() else []
        if len(folded) >= MIN_SUGGEST_LENGTH and terms and reader.doc_frequency("text", terms[0]) == 0:
            better = closest_word(folded, generation.words())
            if better:
                out.append(word.lower().replace(core, better))
                changed = True
                continue
        out.append(word)
    return " ".join(out) if changed else None


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) as soon as it must exceed `limit`."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def closest_word(word: str, counts: dict) -> str | None:
    """The known word nearest to `word` (same first letter, at most MAX_EDITS edits), most frequent first."""
    best = None
    for candidate, count in counts.items():
        if candidate[0] != word[0] or abs(len(candidate) - len(word)) > MAX_EDITS or candidate == word:
            continue
        distance = edit_distance(word, candidate, MAX_EDITS)
        if distance <= MAX_EDITS and (best is None or (distance, -count) < best[0]):
            best = ((distance, -count), candidate)
    return best[1] if best else None


def highlight_terms(query) -> frozenset:
    if query is None:
        return frozenset()
    return frozenset(text for fieldname, text in query.iter_all_terms(phrases=True)
                     if fieldname in SYNONYM_FIELDS and isinstance(text, str))


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


def snippet(text: str, terms: frozenset) -> str:
    """An HTML-safe snippet: the stretch of about SNIPPET_CHARS with the most matched words, marked.

    Our own small highlighter instead of whoosh.highlight: it reuses the cached per-word analysis and is
    several times faster, which matters because every shown section gets a snippet.
    """
    text = " ".join(text.split())
    words = list(WORD.finditer(text))
    hits = [m for m in words if terms and word_matches(m.group(0), terms)]
    if hits:
        best_start, best_count = hits[0].start(), 0
        for i, first in enumerate(hits):
            count = sum(1 for m in hits[i:] if m.end() - first.start() <= SNIPPET_CHARS - 40)
            if count > best_count:
                best_start, best_count = first.start(), count
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
        pieces.append(html.escape(text[position:match.start()], quote=False))
        pieces.append("<mark>" + html.escape(match.group(0), quote=False) + "</mark>")
        position = match.end()
    pieces.append(html.escape(text[position:end], quote=False))
    return ("… " if start else "") + "".join(pieces) + (" …" if end < len(text) else "")


def section_details(generation: Generation, matches: Matches, docnums) -> dict:
    """Stored fields and a snippet for each of the given sections: docnum -> dict."""
    searcher = generation.searcher()
    terms = highlight_terms(matches.query)
    details = {}
    for docnum in docnums:
        stored = dict(searcher.stored_fields(docnum))
        stored["snippet"] = snippet(stored.get("text", ""), terms)
        details[docnum] = stored
    return details
