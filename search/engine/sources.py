"""What to index: read and check case files, the pages (documents.indexed_pages), and tell which of them changed."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..parallel import map_in_order
from . import documents
from .files import BuildFailed


@dataclass
class Collected:
    sources: list  # documents.Source, ready to index
    digests: dict  # key -> digest, for every case and page (changed or not)
    stats: dict = field(default_factory=dict)  # case key -> [mtime_ns, size], to skip unchanged files


def case_sources(paths) -> list:
    """Sources for the given case files; BuildFailed on any error.

    Checking and classifying are per case: each step spreads its cases over the cores with the one pool
    helper (no step starts a pool inside another).
    """
    from ..content import validate

    cases, problems = validate.load_and_check(list(paths), compare_with_library=False)
    errors = [p for p in problems if p.is_error]
    if errors:
        lines = [str(p) for p in errors]
        lines.append(
            f"De index is niet bijgewerkt: {len(errors)} "
            f"{'probleem' if len(errors) == 1 else 'problemen'}. Pas ze aan en probeer het opnieuw "
            "(controleren kan met 'python -m search check')."
        )
        raise BuildFailed(lines)
    return map_in_order(documents.case_source, cases)


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
