"""`python -m search bench-static-search [--cases N …]`: the site's own search, Pagefind against Material's lunr,
measured in headless Chromium on the built site.

For each engine and size: build the site as `make site` does (the real cases plus N synthetic ones), serve
it under a sub-path, and for every question of data/relevance.yml open a fresh browser (empty cache), type
the question as a visitor would, and read the first three results. Reports recall@3 (expected case or page
among them), MRR, and the bytes the browser fetched for the search: index data (lunr's search_index.json;
Pagefind's entry, meta, index chunks, filters and fragments) and engine code (scripts, WebAssembly).
A benchmark, not a test: it prints a table.
"""

import contextlib
import functools
import http.server
import re
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from benchmarks.chromium import CHROMIUM, CHROMIUM_FLAGS
from benchmarks.synthetic import write_corpus
from search import config
from search.cli import UsageError, whole_number
from search.site import static_search
from search.site.build import build

EPILOG = """Voor elke N en elke zoekmachine: bouwt de site (echte cases + N kunstmatige), serveert hem onder
/kennisbank/ en typt elke vraag uit data/relevance.yml in een nieuwe browser (lege cache). Meet recall@3,
MRR en de bytes die de browser voor het zoeken ophaalt. Nodig: Chromium (/usr/bin/chromium) en playwright
(make install-test), en Pagefind (npm ci).

voorbeelden:
  python -m search bench-static-search                 N = 0 en 1000, beide zoekmachines
  python -m search bench-static-search --cases 0 --engine pagefind --verbose"""

DEFAULT_SIZES = (0, 1000)
MAX_CASES = 5000
SUB_PATH = "/kennisbank/"
CUTOFF = 3
STABLE_MS = 400  # lunr: the result list must stay the same this long
RESULT_TIMEOUT_MS = 60_000  # lunr at 1,000 cases loads and parses a 9 MB index first
INDEX_DATA = re.compile(r"(search_index\.json|pagefind-entry\.json|\.pf_meta|\.pf_index|\.pf_filter|\.pf_fragment)$")
ENGINE_CODE = re.compile(
    r"(/search/worker\.js|/lunr/|search\.[0-9a-f]+\.min\.js|/pagefind/pagefind[^/]*\.js|\.pagefind)$"
)


@dataclass
class QueryOutcome:
    query: str
    expect: str
    found: list[str]
    rank: int | None
    index_bytes: int
    code_bytes: int
    seconds: float


@dataclass
class EngineRun:
    engine: str
    cases: int
    outcomes: list[QueryOutcome] = field(default_factory=list)
    build_seconds: float = 0.0
    bundle_bytes: int = 0  # the whole search index on disk

    @property
    def recall(self) -> float:
        return sum(1 for o in self.outcomes if o.rank and o.rank <= CUTOFF) / len(self.outcomes)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / len(self.outcomes)


def add_arguments(parser):
    parser.add_argument("--cases", nargs="+", metavar="N", help="kunstmatige cases naast de echte (standaard 0 1000)")
    parser.add_argument(
        "--engine",
        choices=("beide", *static_search.ENGINES),
        default="beide",
        help="welke zoekmachine (standaard beide)",
    )
    parser.add_argument("--verbose", action="store_true", help="toon elke vraag met de eerste drie resultaten")
    parser.add_argument(
        "--questions", metavar="N", help="alleen de eerste N vragen (standaard alle; voor een rooktest)"
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path, port: int):
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def load_questions(limit: int | None = None) -> list[dict]:
    questions = list(yaml.safe_load(config.RELEVANCE_PATH.read_text(encoding="utf-8"))["questions"])
    return questions[:limit] if limit else questions


def slug_of(href: str) -> str:
    """'…/kennisbank/praktijkvoorbeelden/zeist/#x' → 'zeist'; the home page is 'index'."""
    parts = [p for p in urlsplit(href).path[len(SUB_PATH) :].split("/") if p and p != "index.html"]
    return parts[-1] if parts else "index"


def lunr_results(page, site_url: str, query: str) -> list[str]:
    """Material's search dialog: press '/', type, read the result items (one per page)."""
    page.goto(site_url)
    page.keyboard.press("/")
    field = page.locator(".md-search__input")
    field.wait_for(state="visible")
    # Material ignores what is typed before its worker has loaded the index; it is ready when the count
    # line asks the visitor to type.
    try:
        page.wait_for_function(
            "() => /Typ om/.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=RESULT_TIMEOUT_MS,
        )
    except Exception:  # playwright's TimeoutError: no index, nothing found
        return []
    field.type(query, delay=10)
    # Material answers every keystroke; the answer is in when the list stays the same for a moment.
    read = "els => els.map(e => e.querySelector('a').href)"
    deadline = time.perf_counter() + RESULT_TIMEOUT_MS / 1000
    previous = None
    while time.perf_counter() < deadline:
        page.wait_for_timeout(STABLE_MS)
        if re.search("Typ om", page.inner_text(".md-search-result__meta")):
            continue
        results = page.eval_on_selector_all(".md-search-result__item", read)
        if results == previous:
            return results
        previous = results
    return previous or []


def pagefind_results(page, site_url: str, query: str) -> list[str]:
    """The page "Zoeken": type in the field, submit, wait for the announced count, read the result links."""
    page.goto(site_url + "doorzoeken/")
    page.fill("#kb-zoekwoorden", "")
    page.type("#kb-zoekwoorden", query, delay=10)
    page.press("#kb-zoekwoorden", "Enter")
    try:  # the list is aria-busy while searching; done when the count is announced and it is not busy
        page.wait_for_selector("#kb-zoeken-resultaten[aria-busy=false]", timeout=RESULT_TIMEOUT_MS)
    except Exception:  # playwright's TimeoutError: no answer counts as nothing found
        return []
    return page.eval_on_selector_all("#kb-zoeken-resultaten li a", "els => els.map(e => e.href)")


def run_queries(run: EngineRun, site_url: str, verbose: bool, questions: list[dict]) -> None:
    from playwright.sync_api import sync_playwright

    ask = pagefind_results if run.engine == static_search.PAGEFIND else lunr_results
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            for question in questions:
                context = browser.new_context()  # empty cache: every question pays for what it loads
                page = context.new_page()
                sizes = {"index": 0, "code": 0}

                def count(response, sizes=sizes):
                    url = response.url.split("?")[0]
                    kind = "index" if INDEX_DATA.search(url) else "code" if ENGINE_CODE.search(url) else None
                    if kind:
                        with contextlib.suppress(Exception):  # a response the page abandoned has no body
                            sizes[kind] += len(response.body())

                page.on("response", count)
                started = time.perf_counter()
                hrefs = ask(page, site_url, question["query"])
                seconds = time.perf_counter() - started
                context.close()
                found = [slug_of(h) for h in hrefs]
                rank = next((i for i, s in enumerate(found, start=1) if s == question["expect"]), None)
                outcome = QueryOutcome(
                    question["query"], question["expect"], found[:CUTOFF], rank, sizes["index"], sizes["code"], seconds
                )
                run.outcomes.append(outcome)
                if verbose:
                    mark = "ok" if rank and rank <= CUTOFF else "--"
                    print(
                        f"  {mark} {question['query']!r} → {question['expect']}: {', '.join(found[:CUTOFF]) or '(niets)'}"
                    )
        finally:
            browser.close()


def bundle_bytes(site: Path, engine: str) -> int:
    if engine == static_search.LUNR:
        index = site / "search" / "search_index.json"
        return index.stat().st_size if index.exists() else 0
    folder = site / static_search.BUNDLE
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and INDEX_DATA.search(p.name))


def measure(engine: str, n_cases: int, verbose: bool, questions: list[dict]) -> EngineRun:
    with tempfile.TemporaryDirectory(prefix="kb-bench-static-search-") as scratch:
        scratch = Path(scratch)
        cases = [config.CASES_DIR]
        if n_cases:
            write_corpus(scratch / "cases", n_cases)
            cases.append(scratch / "cases")
        port = free_port()
        site_url = f"http://127.0.0.1:{port}{SUB_PATH}"
        site = scratch / "root" / SUB_PATH.strip("/")
        started = time.perf_counter()
        result = build(cases, site_dir=site, install=False, site_url=site_url, search_engine=engine)
        if not result.ok:
            raise SystemExit(result.message + "\n" + "\n".join(str(p) for p in result.problems[:10]))
        run = EngineRun(engine, result.case_count, build_seconds=time.perf_counter() - started)
        run.bundle_bytes = bundle_bytes(site, engine)
        if verbose:
            print(f"{engine}, {result.case_count} cases:")
        with serve(scratch / "root", port):
            run_queries(run, site_url, verbose, questions)
        return run


def kilobytes(values) -> str:
    return f"{statistics.median(values) / 1024:,.0f}".replace(",", ".")


def print_table(runs: list[EngineRun]) -> None:
    print(
        f"{'zoekmachine':<11} {'cases':>6} {'recall@3':>9} {'MRR':>5} {'index KB/vraag':>15} {'max':>7} "
        f"{'code KB/vraag':>14} {'index op schijf KB':>19} {'s/vraag':>8} {'bouwen s':>9}"
    )
    for run in runs:
        index = [o.index_bytes for o in run.outcomes]
        code = [o.code_bytes for o in run.outcomes]
        print(
            f"{run.engine:<11} {run.cases:>6} {run.recall:>9.0%} {run.mrr:>5.2f} {kilobytes(index):>15} "
            f"{max(index) / 1024:>7,.0f} {kilobytes(code):>14} {run.bundle_bytes / 1024:>19,.0f} "
            f"{statistics.median(o.seconds for o in run.outcomes):>8.2f} {run.build_seconds:>9.1f}".replace(",", ".")
        )
    print(
        "recall@3: deel van de vragen met het verwachte voorbeeld of de verwachte pagina bij de eerste drie; "
        "KB/vraag: mediaan over de vragen, elk in een lege browser (max: de grootste); "
        "index = zoekgegevens, code = scripts en WebAssembly van de zoekmachine; zonder gzip."
    )


def run(args) -> int:
    sizes = [whole_number(v, "--cases", 0, MAX_CASES) for v in (args.cases or map(str, DEFAULT_SIZES))]
    engines = static_search.ENGINES if args.engine == "beide" else (args.engine,)
    if static_search.PAGEFIND in engines and not static_search.PAGEFIND_BINARY.exists():
        raise UsageError("Pagefind ontbreekt. Draai eerst 'npm ci'.")
    if not Path(CHROMIUM).exists():
        raise UsageError(f"Chromium ontbreekt ({CHROMIUM}). Draai 'make browser'.")
    limit = whole_number(args.questions, "--questions", 1, 10_000) if args.questions else None
    questions = load_questions(limit)
    runs = []
    for size in sizes:
        for engine in engines:
            runs.append(measure(engine, size, args.verbose, questions))
    print("bench-static-search: de zoekfunctie van de site in Chromium, vragen uit data/relevance.yml")
    print_table(runs)
    return 0
