"""`python -m search bench-hostile [--cases N]`: hostile queries on a synthetic index, timed, with the bound that
held each one.

The queries: a prefix storm of one-letter prefixes ("a* b* c* …"), one of three-letter prefixes that each match
many words, 60 nonsense words, 8 of them (few enough to get a "Bedoelde u …?"), and a pasted page of 3,000
characters; a plain two-word query for reference.
Each is timed inside a warm process (the server's case, no result cache), once with the bounds and once with
the bounds as they were before (prefixes of two letters, no other limit) as the reference in the same run, and
as a cold CLI process (`python -m search query`). The tests pin the bounds themselves (tests/test_bounds.py); this prints the times.
"""

import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from search import config
from search.cli import UsageError, whole_number

EPILOG = """Maakt een kunstmatig corpus (standaard 500 cases van ~600 woorden, met een grote woordenschat), bouwt de
index en meet per vijandige zoekvraag de tijd in een warm proces en via de CLI (koud), met de grens die ingreep.
Doel: elke vraag binnen 3 s via de CLI.

voorbeelden:
  python -m search bench-hostile               500 cases
  python -m search bench-hostile --cases 100   snel proberen"""

WARM_RUNS = 3
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The reference in the same run: the bounds as they were before issue 14 (prefixes of 2 letters, nothing else).
UNBOUNDED = {
    "QUERY_MAX_CHARS": 500,
    "QUERY_MIN_PREFIX": 2,
    "QUERY_PREFIX_MAX_TERMS": 10**9,
    "QUERY_MAX_CLAUSES": 10**9,
    "SUGGEST_MAX_WORDS": 10**9,
    "SUGGEST_MAX_CANDIDATES": 10**9,
}


def add_arguments(parser):
    parser.add_argument("--cases", default="500", metavar="N", help="aantal kunstmatige cases (standaard 500)")
    parser.add_argument("--words", default="600", metavar="N", help="woorden per case (standaard 600)")
    parser.add_argument("--keep", metavar="MAP", help="bewaar corpus en index in deze map (anders tijdelijk)")


def hostile_queries(seed: int = 7) -> list[tuple[str, str]]:
    """(name, query text): the hostile queries of the issue plus a plain one for reference."""
    from benchmarks.synthetic import FUNCTION_WORDS, lexicon, made_up_word, query_words

    rng = random.Random(seed)
    words = lexicon(random.Random(0))
    known = set(words)
    prefixes = list(dict.fromkeys(w[:3] for w in words[:2000] if len(w) >= 5 and w.isalpha()))[:40]
    # Dutch-sounding words the index does not hold: each sends "Bedoelde u …?" through many near neighbours.
    nonsense = []
    while len(nonsense) < 60:
        word = made_up_word(rng) + made_up_word(rng)
        if word not in known and word not in nonsense:
            nonsense.append(word)
    page, common = [], words[:3000]
    while len(" ".join(page)) < 3000:
        page += [rng.choice(common) for _ in range(7)] + [rng.choice(FUNCTION_WORDS)]
    pasted = " ".join(page)[:3000]
    return [
        ("gewone vraag (2 woorden)", query_words(1)[0]),
        ("prefix-storm, 1 letter (26×)", " ".join(f"{c}*" for c in LETTERS)),
        (f"prefix-storm, 3 letters ({len(prefixes)}×)", " ".join(f"{p}*" for p in prefixes)),
        ("60 onzinwoorden", " ".join(nonsense)),
        ("8 onzinwoorden (met 'Bedoelde u')", " ".join(nonsense[:8])),
        ("geplakte pagina, 3.000 tekens", pasted),
    ]


def build_index(cases: Path, docs: Path, index: Path) -> float:
    from search.engine import sources, store

    # Reading the cases in one process: the build's own two-process path is not what is measured here.
    sources.PARALLEL_CASES_FROM = 10**9
    started = time.perf_counter()
    store.build(cases_dir=cases, docs_dir=docs, index_dir=index)
    return time.perf_counter() - started


def in_process(index: Path, text: str, limits: dict | None = None) -> dict:
    """Median time of a full search (ranking, snippets, facets, suggestion) in a warm process, and what held.
    `limits` replaces config values for this measurement (the reference without the new bounds)."""
    from search.engine.matching import match
    from search.engine.query import SearchEngine

    saved = {name: getattr(config, name) for name in limits or {}}
    for name, value in (limits or {}).items():
        setattr(config, name, value)
    try:
        engine = SearchEngine(index)
        engine.search("gemeente")  # open the index and warm the readers
        times = []
        for _ in range(WARM_RUNS):
            started = time.perf_counter()
            results = engine.search(text)
            times.append(time.perf_counter() - started)
        matches = match(engine.current(), text, {})
    finally:
        for name, value in saved.items():
            setattr(config, name, value)
    return {
        "seconds": statistics.median(times),
        "groups": results.total_groups,
        "clauses": getattr(matches, "clauses", None),
        "notices": list(getattr(results, "notices", []) or []),
        "suggestion": results.suggestion,
        "timed_out": results.timed_out,
    }


def cli_seconds(index: Path, text: str) -> tuple[float, int]:
    command = [sys.executable, "-m", "search", "query", text, "--index", str(index)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=config.REPO_ROOT, capture_output=True, text=True)
    return time.perf_counter() - started, done.returncode


def run(args) -> int:
    count = whole_number(args.cases, "--cases", 10, 100_000)
    words = whole_number(args.words, "--words", 50, 20_000)
    from benchmarks.synthetic import write_corpus

    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kennisbank-hostile-"))
    cases, docs, index = root / "cases", root / "docs", root / "index"
    try:
        docs.mkdir(parents=True, exist_ok=True)
        if args.keep and index.is_symlink() and len(list(cases.glob("*.md"))) == count:
            build = 0.0  # --keep with the same corpus: measure the queries again on the index already built
        else:
            shutil.rmtree(cases, ignore_errors=True)
            write_corpus(cases, count, words_per_case=words)
            build = build_index(cases, docs, index)
        vocabulary = len(read_words(index))
        print(f"index: {count} cases, {vocabulary:,} woorden in de woordenlijst, gebouwd in {build:.1f} s")
        print()
        print(
            "| zoekvraag | tekens | clausules | groepen | warm s | zonder grenzen: clausules | warm s | ratio "
            "| CLI s | grens / melding |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for name, text in hostile_queries():
            found = in_process(index, text)
            free = in_process(index, text, UNBOUNDED)
            cold, code = cli_seconds(index, text)
            if code != 0:
                raise UsageError(f"de CLI stopte met code {code} bij '{name}'.")
            held = "; ".join(found["notices"]) or ("geen" if found["suggestion"] is None else "")
            if found["timed_out"]:
                held = "tijdslimiet; " + held
            clauses = "?" if found["clauses"] is None else found["clauses"]
            ratio = found["seconds"] / free["seconds"] if free["seconds"] else 0.0
            print(
                f"| {name} | {len(text):,} | {clauses} | {found['groups']} | {found['seconds']:.3f} | "
                f"{free['clauses']} | {free['seconds']:.3f} | {ratio:.2f} | {cold:.2f} | {held} |"
            )
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


def read_words(index: Path) -> dict:
    from search.engine.files import WORDS, read_json
    from search.engine.reader import resolve_generation

    return read_json(resolve_generation(index) / WORDS)
