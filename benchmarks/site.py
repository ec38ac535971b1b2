"""`python -m search bench-site [--cases N …]`: build the whole site with N synthetic cases and measure it.

A benchmark, not a test: it prints build times and sizes against N so growth is visible.
"""

import resource
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_corpus
from search import config
from search.cli import whole_number
from search.site.build import SPLIT_FROM_CASES, build

EPILOG = """Voor elke N: maakt N kunstmatige (geldige) praktijkvoorbeelden naast de echte in cases/, bouwt de
site zoals 'make site' (controle, pagina's maken, mkdocs build --strict) in een tijdelijke map, en meet
tijd en grootte. Het doel voor 1.000 cases: bouwen binnen 20 s, en een casepagina die niet groeit met N.

voorbeelden:
  python -m search bench-site                  N = 10, 100 en 1000
  python -m search bench-site --cases 50 500"""

DEFAULT_SIZES = (10, 100, 1000)
MAX_CASES = 20_000
LISTING_PAGES = ("praktijkvoorbeelden/index.html", "praktijkvoorbeelden/vergelijken/index.html", "tags/index.html")


def add_arguments(parser):
    parser.add_argument("--cases", nargs="+", metavar="N", help="aantallen kunstmatige cases (standaard 10 100 1000)")
    parser.add_argument("--words", default="600", metavar="N", help="woorden per case (standaard 600)")


def kilobytes(path: Path) -> float:
    return path.stat().st_size / 1024 if path.exists() else 0.0


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (mkdocs runs as a child): honest on a busy machine."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(n_cases: int, words: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="kb-bench-site-") as scratch:
        scratch = Path(scratch)
        write_corpus(scratch / "cases", n_cases, words_per_case=words)
        started = time.perf_counter()
        cpu_before = cpu_seconds()
        result = build([config.CASES_DIR, scratch / "cases"], site_dir=scratch / "site", install=False)
        total = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        if not result.ok:
            raise SystemExit(result.message + "\n" + "\n".join(str(p) for p in result.problems[:10]))
        site = scratch / "site"
        html = list(site.rglob("*.html"))
        case_pages = [
            p for p in html if p.parent.parent.name == "praktijkvoorbeelden" and p.parent.name.startswith("proef-")
        ]
        listings = {name: kilobytes(site / name) for name in LISTING_PAGES}
        return {
            "n": n_cases,
            "cases": result.case_count,
            "total": total,
            "cpu": cpu,
            **result.timings,
            "parts": result.mkdocs_parts,
            "pages": len(html),
            "html_mb": sum(p.stat().st_size for p in html) / 1024 / 1024,
            "case_kb": max((kilobytes(p) for p in case_pages), default=0.0),
            "home_kb": kilobytes(site / "index.html"),
            "overview_kb": listings[LISTING_PAGES[0]],
            "compare_kb": listings[LISTING_PAGES[1]],
            "tags_kb": listings[LISTING_PAGES[2]],
            # the site search's index: Pagefind's chunks (a visitor loads only a few of them per query)
            "index_mb": sum(p.stat().st_size for p in (site / "pagefind").rglob("*.pf_*")) / 1024 / 1024,
        }


def run(args) -> int:
    sizes = [whole_number(v, "--cases", 1, MAX_CASES) for v in (args.cases or map(str, DEFAULT_SIZES))]
    words = whole_number(args.words, "--words", 10, 10_000)
    header = (
        f"{'N':>6} {'cases':>6} {'check':>7} {'maken':>7} {'mkdocs':>7} {'delen':>5} {'totaal':>7} {'CPU':>6} {'pagina':>7} "
        f"{'HTML MB':>8} {'case KB':>8} {'home KB':>8} {'overz KB':>9} {'vergel KB':>10} {'tags KB':>8} "
        f"{'zoek MB':>9}"
    )
    print("bench-site: kunstmatige cases + de echte uit cases/; tijden in seconden")
    print(header)
    for size in sizes:
        row = measure(size, words)
        print(
            f"{row['n']:>6} {row['cases']:>6} {row['check']:>7.1f} {row['generate']:>7.1f} {row['mkdocs']:>7.1f} "
            f"{row['parts']:>5} {row['total']:>7.1f} {row['cpu']:>6.1f} {row['pages']:>7} {row['html_mb']:>8.1f} {row['case_kb']:>8.1f} "
            f"{row['home_kb']:>8.1f} {row['overview_kb']:>9.1f} {row['compare_kb']:>10.1f} {row['tags_kb']:>8.1f} "
            f"{row['index_mb']:>9.2f}",
            flush=True,
        )
    print(
        "totaal = wandkloktijd van controle + maken + mkdocs; CPU = processortijd daarvan (eerlijker op een "
        "drukke machine)."
    )
    print(f"delen = aantal mkdocs-processen tegelijk (één per processorkern vanaf {SPLIT_FROM_CASES} cases).")
    print("case KB = grootste casepagina; overz/vergel/tags = de overzichtspagina's die alle cases noemen.")
    print(
        "zoek MB = de hele zoekindex van de site (Pagefind) op schijf; per zoekvraag haalt de browser er een klein deel van."
    )
    return 0
