"""Building the Whoosh index aside, checking it and swapping it in atomically; incremental updates.

Layout (search/generations.py): the index path (default build/index) is a symlink to a sibling generation
folder `<name>.gen-<ns>`. A build holds a file lock beside the link (a second build waits), writes into
`.<name>.tmp-<pid>`, checks it, renames it to a generation and then replaces the symlink with os.replace,
which is atomic: a reader sees the old or the new index, never half of one. Replaced generations stay
for config.GENERATION_KEEP_SECONDS, so a search that opened one just before the swap can finish. A crash
or kill -9 leaves only a tmp folder behind, which the next build removes.
Incremental updates hard-link the segment files of the current generation into the tmp folder (Whoosh
never rewrites a segment file; deletions live in the table of contents, which is copied) and add one
new segment. Only this module and `search/analysis.py` import whoosh.
"""

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.filedb.filestore import FileStorage

from .. import config
from ..generations import BuildBusy, Location, build_lock, clean_up, location, swap_in
from ..parallel import may_start_workers
from . import analysis
from .files import MANIFEST, META, WORDS, BuildFailed, read_json, write_json
from .schema import index_version, make_schema, whoosh_document
from .sources import collect
from .suggest import MIN_SUGGEST_LENGTH

MULTIPROCESS_FROM = 5000  # documents; below this forking costs more than it saves
PAUSE_ENV = "KENNISBANK_INDEX_PAUSE"  # tests: seconds to sleep before the swap, to kill a build midway

# ---------------------------------------------------------------- locations


def location_for(index_dir) -> Location:
    link = Path(index_dir)
    if link.exists() and not link.is_symlink():
        raise BuildFailed(
            [
                f"fout: {link} is een gewone map of bestand, geen index van deze kennisbank.",
                "Kies met --index een andere plek, of verwijder die map eerst.",
            ],
            exit_code=2,
        )
    return location(link)


def maybe_pause() -> None:
    seconds = os.environ.get(PAUSE_ENV)
    if seconds:
        time.sleep(float(seconds))


# ---------------------------------------------------------------- build


@dataclass
class BuildReport:
    mode: str  # "volledig", "bijgewerkt" or "ongewijzigd"
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


def check_built(directory: Path, expected_docs: int, sample: dict | None) -> None:
    """The build must hold exactly the expected documents and answer one known query."""
    ix = whoosh_index.open_dir(str(directory))
    with ix.searcher() as searcher:
        count = searcher.doc_count()
        if count != expected_docs:
            raise BuildFailed(
                [
                    f"fout: de nieuwe index bevat {count} secties in plaats van {expected_docs}. "
                    "De vorige index blijft in gebruik."
                ]
            )
        if sample is not None:
            terms = analysis.analyze(sample["text"] or sample["title"], mode="query")[:1]
            if terms and searcher.search(Q.Term("text" if sample["text"] else "head", terms[0]), limit=1).is_empty():
                raise BuildFailed(
                    [f"fout: de nieuwe index vindt '{terms[0]}' niet terug. De vorige index blijft in gebruik."]
                )
    ix.close()


def build(
    cases_dir=config.CASES_DIR,
    docs_dir=config.DOCS_DIR,
    index_dir=config.INDEX_DIR,
    incremental=False,
    show_progress=False,
) -> BuildReport:
    """Build (or update) the index aside, check it and swap it in. Raises BuildFailed; never half-done.

    One build per index at a time: a second one waits for the lock (and says so on stderr)."""
    where = location_for(index_dir)
    try:
        with build_lock(where):
            return build_locked(where, cases_dir, docs_dir, incremental, show_progress)
    except BuildBusy as busy:
        raise BuildFailed([f"fout: {busy}"]) from None


def build_locked(location: Location, cases_dir, docs_dir, incremental, show_progress) -> BuildReport:
    started = time.perf_counter()
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
        # Whoosh's own worker processes are the one level of parallelism here; not inside a worker or daemon.
        large = total_docs >= MULTIPROCESS_FROM and may_start_workers()
        options = {"procs": 2, "multisegment": True, "limitmb": 128} if large else {}
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
        generation = publish(
            location,
            tmp,
            meta,
            word_counts(collected.sources),
            {"version": version, "digests": collected.digests, "counts": counts, "stats": collected.stats},
            collected.sources,
        )
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    clean_up(location)
    return BuildReport(
        "volledig",
        generation,
        count,
        len(collected.sources),
        changed=len(collected.sources),
        seconds=time.perf_counter() - started,
    )


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
        generation = publish(
            location,
            tmp,
            meta,
            word_counts(changed, read_json(current / WORDS)),
            {"version": manifest["version"], "digests": collected.digests, "counts": counts, "stats": collected.stats},
            changed,
        )
        total = sum(counts.values())
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    clean_up(location)
    return BuildReport(
        "bijgewerkt", generation, total, len(collected.digests), changed=len(changed), removed=len(removed)
    )
