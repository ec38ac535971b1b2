"""What to index: read and check case files, the pages (documents.indexed_pages), and tell which of them changed."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from . import documents
from .files import BuildFailed

PARALLEL_CASES_FROM = 400  # case files; reading, checking and classifying them runs in two processes


@dataclass
class Collected:
    sources: list  # documents.Source, ready to index
    digests: dict  # key -> digest, for every case and page (changed or not)
    stats: dict = field(default_factory=dict)  # case key -> [mtime_ns, size], to skip unchanged files


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
        lines.append(
            f"De index is niet bijgewerkt: {len(errors)} "
            f"{'probleem' if len(errors) == 1 else 'problemen'}. Pas ze aan en probeer het opnieuw "
            "(controleren kan met 'python -m search check')."
        )
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
            if source.key not in digests:  # slug differs from the file name: check reports it
                digests[source.key] = source.digest
            sources.append(source)
    for relative, raw in documents.indexed_pages(Path(docs_dir)):
        key = f"{documents.PAGE}:{relative}"
        digests[key] = documents.digest(raw)
        if known.get(key) != digests[key]:
            sources.append(documents.page_source(relative, raw))
    return Collected(sources=sources, digests=digests, stats=stats)
