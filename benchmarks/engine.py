"""`python -m search bench [--cases N]`: index and query benchmark against SQLite FTS5 on the same text.

Each measurement runs in its own forked child, so peak memory (getrusage) belongs to that step alone.
"""

import multiprocessing
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from search import config
from search.cli import UsageError, whole_number

EPILOG = """Maakt een kunstmatig maar geldig corpus (standaard 10.000 cases van ~600 woorden), en meet dan:
volledige bouw, bijwerken van één case, zoektijd (mediaan en p95, warm), een koude zoekopdracht via de
CLI, indexgrootte en piekgeheugen. Dezelfde tekst gaat ook in SQLite FTS5, als referentie.

voorbeelden:
  python -m search bench                 10.000 cases (duurt enkele minuten)
  python -m search bench --cases 500     snel proberen
  python -m search bench --cases 10 --words 50 --queries 5   rooktest: werkt alles nog?"""

QUERY_COUNT = 60
COLD_RUNS = 3
FTS_SQL = (
    "SELECT slug, section, snippet(docs, 3, '<mark>', '</mark>', ' … ', 16), bm25(docs) FROM docs "
    "WHERE docs MATCH ? ORDER BY rank LIMIT 10"
)
FTS_COUNT_SQL = "SELECT count(DISTINCT slug) FROM docs WHERE docs MATCH ?"
COLD_FTS_SCRIPT = """
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute({sql!r}, (sys.argv[2],)).fetchall()
total = db.execute({count!r}, (sys.argv[2],)).fetchone()[0]
print(json.dumps({{"total": total, "rows": rows}}, ensure_ascii=False))
"""


def add_arguments(parser):
    parser.add_argument("--cases", default="10000", metavar="N", help="aantal kunstmatige cases (standaard 10000)")
    parser.add_argument("--words", default="600", metavar="N", help="woorden per case (standaard 600)")
    parser.add_argument(
        "--queries", default=str(QUERY_COUNT), metavar="N", help=f"aantal zoekopdrachten (standaard {QUERY_COUNT})"
    )
    parser.add_argument("--keep", metavar="MAP", help="bewaar corpus en indexen in deze map (anders tijdelijk)")


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def in_child(function, *args):
    """Run function(*args) in a forked process; returns its result dict plus its peak memory in MB."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def target():
        try:
            result = function(*args)
            result["peak_mb"] = peak_mb()
            send.send(result)
        except BaseException as error:  # report, do not hang the parent
            send.send({"error": f"{type(error).__name__}: {error}"})

    process = context.Process(target=target)
    process.start()
    result = receive.recv()
    process.join()
    if "error" in result:
        raise RuntimeError(result["error"])
    return result


# ---------------------------------------------------------------- steps (each runs in a child)


def whoosh_build(cases: Path, docs: Path, index: Path, incremental: bool = False) -> dict:
    from search.engine.store import build

    started = time.perf_counter()
    report = build(cases_dir=cases, docs_dir=docs, index_dir=index, incremental=incremental)
    return {"seconds": time.perf_counter() - started, "documents": report.documents, "mode": report.mode}


def reference_build(cases: Path, docs: Path, database: Path) -> dict:
    """Same preparation (read, check, classify, sections), then the Dutch analyzer over all text, then FTS5."""
    from search.engine import analysis
    from search.engine.sources import collect

    started = time.perf_counter()
    collected = collect(cases, docs)
    prepared = time.perf_counter()
    documents = [d for s in collected.sources for d in s.documents]
    analyzer = analysis.shared_analyzer()
    tokens = 0
    for doc in documents:
        for value in (doc["title"], doc["section"], doc["text"]):
            for _ in analyzer(value):
                tokens += 1
    analysed = time.perf_counter()
    if database.exists():
        database.unlink()
    db = sqlite3.connect(database)
    db.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, section, text, url UNINDEXED, "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    db.executemany(
        "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
        [(d["slug"], d["title"], d["section"], d["text"], d["url"]) for d in documents],
    )
    db.commit()
    db.close()
    loaded = time.perf_counter()
    return {
        "prepare": prepared - started,
        "analysis": analysed - prepared,
        "fts_load": loaded - analysed,
        "seconds": loaded - started,
        "tokens": tokens,
    }


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def whoosh_queries(index: Path, queries: list[str]) -> dict:
    from search.engine.query import SearchEngine

    engine = SearchEngine(index)
    for text in queries:  # warm up: caches, open files
        engine.search(text)
    times, groups = [], 0
    for text in queries:
        started = time.perf_counter()
        results = engine.search(text)
        times.append(time.perf_counter() - started)
        groups += results.total_groups
    return {"median": statistics.median(times), "p95": percentile(times, 0.95), "groups": groups}


def fts_queries(database: Path, queries: list[str]) -> dict:
    db = sqlite3.connect(database)
    for text in queries:
        db.execute(FTS_SQL, (text,)).fetchall()
    times, groups = [], 0
    for text in queries:
        started = time.perf_counter()
        db.execute(FTS_SQL, (text,)).fetchall()
        groups += db.execute(FTS_COUNT_SQL, (text,)).fetchone()[0]
        times.append(time.perf_counter() - started)
    return {"median": statistics.median(times), "p95": percentile(times, 0.95), "groups": groups}


def cold(command: list[str]) -> float:
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run(command, cwd=config.REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def size_mb(path: Path) -> float:
    path = Path(path).resolve()
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def touch_one_case(cases: Path) -> None:
    path = sorted(cases.glob("*.md"))[len(list(cases.glob("*.md"))) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("## Wat we nog niet weten\n", "## Wat we nog niet weten\n\nEen extra zin voor de meting.\n", 1),
        encoding="utf-8",
    )


# ---------------------------------------------------------------- the run


def run(args) -> int:
    count = whole_number(args.cases, "--cases", 10, 200_000)
    words = whole_number(args.words, "--words", 50, 20_000)
    query_count = whole_number(args.queries, "--queries", 1, 10_000)
    from benchmarks.synthetic import query_words, write_corpus

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kennisbank-bench-"))
    cases, docs, index, database = root / "cases", root / "docs", root / "index", root / "fts.sqlite"
    for path in (cases, docs):
        shutil.rmtree(path, ignore_errors=True)
    docs.mkdir(parents=True)
    try:
        from search.content import validate  # noqa: F401  (imported once here: steps time work, not imports)
        from search.engine.schema import index_version

        index_version()  # fix the version now: every forked step inherits it
        print(f"corpus: {count} cases van ~{words} woorden maken in {root} …", flush=True)
        write_corpus(cases, count, words_per_case=words)
        queries = query_words(query_count)
        print("volledige bouw (Whoosh) …", flush=True)
        full = in_child(whoosh_build, cases, docs, index)
        print("referentie: zelfde voorbereiding + Nederlandse analyse + FTS5 laden …", flush=True)
        reference = in_child(reference_build, cases, docs, database)
        print("één case bijwerken …", flush=True)
        touch_one_case(cases)
        update = in_child(whoosh_build, cases, docs, index, True)
        if update["mode"] != "bijgewerkt":  # e.g. the code changed during the run: that was a full build
            raise UsageError(
                f"de meting van het bijwerken gaf '{update['mode']}' in plaats van 'bijgewerkt'; "
                "draai de benchmark opnieuw zonder de code intussen te wijzigen."
            )
        print(f"{len(queries)} zoekopdrachten, warm …", flush=True)
        ours = in_child(whoosh_queries, index, queries)
        theirs = in_child(fts_queries, database, queries)
        print("koude zoekopdracht via de CLI …", flush=True)
        cold_ours = cold(
            [sys.executable, "-m", "search", "query", queries[0], "--index", str(index), "--format", "json"]
        )
        script = COLD_FTS_SCRIPT.format(sql=FTS_SQL, count=FTS_COUNT_SQL)
        cold_theirs = cold([sys.executable, "-c", script, str(database), queries[0]])
        rows = table_rows(
            full, reference, update, ours, theirs, cold_ours, cold_theirs, size_mb(index), size_mb(database)
        )
        print()
        print(
            f"Benchmark: {count} cases × ~{words} woorden, {full['documents']} secties; {len(queries)} zoekopdrachten "
            f"van twee woorden; {os.cpu_count()} cores."
        )
        print(markdown_table(rows))
        print(
            f"\nVoorbereiding (lezen, controleren, rol bepalen, secties) zit in beide bouwtijden: "
            f"{reference['prepare']:.1f} s; analyse {reference['analysis']:.1f} s; FTS5 laden {reference['fts_load']:.1f} s."
        )
        print(
            "FTS5 per zoekopdracht: top 10 met snippet plus het aantal cases; Whoosh: groepen per case, "
            "facetten, snippets."
        )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def table_rows(full, reference, update, ours, theirs, cold_ours, cold_theirs, index_mb, database_mb):
    def ratio(a, b):
        return a / b if b else float("inf")

    return [
        (
            "volledige bouw (s)",
            full["seconds"],
            reference["seconds"],
            ratio(full["seconds"], reference["seconds"]),
            "≤ 1,5× (analyse + FTS5)",
            ratio(full["seconds"], reference["seconds"]) <= 1.5,
        ),
        ("één case bijwerken (s)", update["seconds"], None, None, "< 1 s", update["seconds"] < 1.0),
        (
            "zoeken mediaan (ms)",
            ours["median"] * 1000,
            theirs["median"] * 1000,
            ratio(ours["median"], theirs["median"]),
            "",
            None,
        ),
        (
            "zoeken p95 (ms)",
            ours["p95"] * 1000,
            theirs["p95"] * 1000,
            ratio(ours["p95"], theirs["p95"]),
            "≤ 5× FTS5",
            ratio(ours["p95"], theirs["p95"]) <= 5,
        ),
        (
            "koude CLI-zoekopdracht (ms)",
            cold_ours * 1000,
            cold_theirs * 1000,
            ratio(cold_ours, cold_theirs),
            "≤ 3× FTS5",
            ratio(cold_ours, cold_theirs) <= 3,
        ),
        ("indexgrootte (MB)", index_mb, database_mb, ratio(index_mb, database_mb), "", None),
        (
            "piekgeheugen bouw (MB)",
            full["peak_mb"],
            reference["peak_mb"],
            ratio(full["peak_mb"], reference["peak_mb"]),
            "",
            None,
        ),
        (
            "piekgeheugen zoeken (MB)",
            ours["peak_mb"],
            theirs["peak_mb"],
            ratio(ours["peak_mb"], theirs["peak_mb"]),
            "",
            None,
        ),
    ]


def markdown_table(rows) -> str:
    def number(value):
        return "–" if value is None else f"{value:,.1f}".replace(",", " ") if value >= 100 else f"{value:.2f}"

    lines = [
        "| meting | Whoosh (Nederlands) | SQLite FTS5 | verhouding | doel | gehaald |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, ours, theirs, ratio, target, met in rows:
        verdict = "" if met is None else ("ja" if met else "nee")
        ratio_text = "–" if ratio is None else f"{ratio:.1f}×"
        lines.append(f"| {name} | {number(ours)} | {number(theirs)} | {ratio_text} | {target} | {verdict} |")
    return "\n".join(lines)
