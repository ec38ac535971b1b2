"""`python -m search bench-serve`: load test of the researcher server with wrk, on the real and a synthetic corpus.

Starts `python -m search serve` as a separate process on a free loopback port and, in one run per corpus,
measures four things with wrk: the framework ceiling (`/api/openapi.json`, no work of ours), a static case
page, search with the answer cache warm (a few queries, each asked before), and search with the cache cold
(thousands of distinct word pairs from the index's own vocabulary, each asked once). Each is reported as
requests/s, p50/p99 and as a ratio to the ceiling measured in the same run. Not a test: a measurement.
"""

import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from search import config
from search.cli import UsageError

EPILOG = """\
Voorbeelden:
  python -m search bench-serve                      # echt corpus en 10.000 synthetische cases, 20 s per meting
  python -m search bench-serve --corpus echt --duration 10
  python -m search bench-serve --cases 10 --duration 1 --connections 2 --threads 1   # rooktest
Nodig: wrk (sudo apt-get install wrk) en een gebouwde site (make site)."""

CEILING_PATH = "/api/openapi.json"
CACHED_QUERIES = 50  # well under the server's cache size: after one pass every answer comes from the cache
DISTINCT_QUERIES = 20_000  # more than one run asks for: every uncached request is a new question
QUERY_SEED = 14
# Targets from issue 14, as ratios to the ceiling measured in the same run.
TARGETS = {"statisch": 0.7, "zoeken, nieuw": 0.25}
SYNTHETIC_SEED = 0

LUA = """\
-- Each wrk thread walks its own slice of the list, so with the cold set no question is asked twice.
local paths = {%(paths)s}
local threads = %(threads)d
local counter = 0
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end
init = function(args)
  i = (id or 0) * math.floor(#paths / threads)
end
request = function()
  local path = paths[(i %% #paths) + 1]
  i = i + 1
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KB-LATENCY %%.3f %%.3f %%.3f\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("KB-ERRORS %%d %%d %%d %%d %%d %%d\\n",
    e.connect, e.read, e.write, e.timeout, e.status, summary.requests))
end
"""


@dataclass
class Scenario:
    name: str  # Dutch, as printed
    paths: list[str]
    warm: bool  # one pass over the paths before measuring (the cold set is never warmed)


@dataclass
class Measurement:
    corpus: str
    cases: int
    scenario: str
    distinct: int  # different URLs in the rotation
    requests_per_second: float
    p50: float
    p99: float
    requests: int
    errors: int
    error_detail: str
    ratio: float = 0.0  # to the ceiling of the same corpus run


def add_arguments(parser) -> None:
    parser.add_argument("--duration", type=int, default=20, help="seconden belasting per meting (standaard: 20)")
    parser.add_argument("--connections", type=int, default=20, help="gelijktijdige verbindingen (standaard: 20)")
    parser.add_argument("--threads", type=int, default=2, help="threads van wrk (standaard: 2)")
    parser.add_argument("--cases", type=int, default=10_000, help="aantal synthetische cases (standaard: 10000)")
    parser.add_argument(
        "--corpus", choices=("echt", "synthetisch", "beide"), default="beide", help="welk corpus (standaard: beide)"
    )
    parser.add_argument(
        "--site",
        type=Path,
        default=config.SITE_DIR,
        help="de gebouwde site die de server toont (standaard: site/, gemaakt door 'make site')",
    )
    parser.add_argument(
        "--werkmap",
        type=Path,
        default=config.BUILD_DIR / "bench-serve",
        help="map voor indexen en het synthetische corpus (standaard: build/bench-serve); "
        "een synthetische index van dezelfde grootte wordt hergebruikt",
    )


def vocabulary(index: Path) -> list[str]:
    """The index's own words (folded, as the suggestions use them), most frequent first."""
    from search.engine.files import WORDS

    counts = json.loads((index.resolve() / WORDS).read_text(encoding="utf-8"))
    return [word for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])) if count >= 2]


def word_pairs(words: list[str], count: int, seed: int) -> list[str]:
    """Distinct two-word questions: one of the common words and one from the whole vocabulary."""
    rng = random.Random(seed)
    common = words[: max(1, min(len(words), 2000))]
    wanted = min(count, len(common) * len(words))
    found: dict[str, None] = {}
    while len(found) < wanted:
        first, second = rng.choice(common), rng.choice(words)
        if first != second:
            found[f"{first} {second}"] = None
        elif len(words) == 1:
            break
    return list(found)


def api_path(text: str) -> str:
    return f"/api/search?q={quote(text, safe='')}"


def case_page(site: Path) -> str:
    """The URL of one static case page of the built site (the first in name order)."""
    folder = site / "praktijkvoorbeelden"
    pages = sorted(p.parent.name for p in folder.glob("*/index.html")) if folder.is_dir() else []
    if not pages:
        raise RuntimeError(f"{site} heeft geen casepagina's; bouw de site eerst met 'make site' of geef --site.")
    return f"/praktijkvoorbeelden/{pages[0]}/"


def scenarios(index: Path, site: Path) -> list[Scenario]:
    words = vocabulary(index)
    if not words:
        raise RuntimeError(f"de index in {index} heeft geen woordenlijst; bouw hem opnieuw.")
    questions = word_pairs(words, DISTINCT_QUERIES + CACHED_QUERIES, QUERY_SEED)
    cached, cold = questions[:CACHED_QUERIES], questions[CACHED_QUERIES:]
    return [
        Scenario("plafond (openapi.json)", [CEILING_PATH], warm=True),
        Scenario("statisch", [case_page(site)], warm=True),
        Scenario("zoeken, cache", [api_path(q) for q in cached], warm=True),
        Scenario("zoeken, nieuw", [api_path(q) for q in cold], warm=False),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_index(cases: Path, docs: Path, index: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(config.REPO_ROOT / "build_index.py"),
            "--cases",
            str(cases),
            "--docs",
            str(docs),
            "--index",
            str(index),
        ],
        cwd=config.REPO_ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"build_index.py faalde:\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def prepare_synthetic(workdir: Path, n_cases: int) -> Path:
    from benchmarks.synthetic import write_corpus

    folder = workdir / f"synthetisch-{n_cases}"
    index, ready = folder / "index", folder / "klaar"
    if ready.exists() and index.exists():
        print(f"  synthetische index met {n_cases} cases hergebruikt ({index})", flush=True)
        return index
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    write_corpus(folder / "cases", n_cases, seed=SYNTHETIC_SEED)
    print(f"  {n_cases} synthetische cases geschreven in {time.perf_counter() - started:.0f} s", flush=True)
    seconds = build_index(folder / "cases", config.DOCS_DIR, index)
    print(f"  index gebouwd in {seconds:.0f} s", flush=True)
    ready.write_text("ok\n", encoding="utf-8")
    return index


def wait_until_ready(base: str, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("de server stopte meteen; zie de melding hierboven")
        try:
            with urllib.request.urlopen(f"{base}/api/search?q=mee", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("de server werd niet binnen een minuut bereikbaar")


def warm_up(base: str, paths: list[str]) -> None:
    """One pass over every URL, so the measurement is about a running server, not its first seconds."""
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=60) as response:
                response.read()
        except urllib.error.HTTPError:
            pass


def run_wrk(base: str, script: Path, args) -> tuple[float, list[float], list[int], str]:
    command = [
        "wrk",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        f"-t{args.threads}",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    output = result.stdout + result.stderr
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    latency = re.search(r"KB-LATENCY ([\d.]+) ([\d.]+) ([\d.]+)", output)
    errors = re.search(r"KB-ERRORS (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if result.returncode != 0 or not (rate and latency and errors):
        raise RuntimeError(f"wrk gaf geen bruikbare uitvoer:\n{output}")
    return float(rate.group(1)), [float(x) for x in latency.groups()], [int(x) for x in errors.groups()], output


def start_server(index: Path, args, log_path: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "search", "serve", "--port", str(port), "--index", str(index)]
    command += ["--site", str(args.site), "--cache-size", str(config.WEB_RESULT_CACHE_SIZE)]
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=config.REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}"


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)  # uvicorn stops cleanly on Ctrl-C
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def measure(label: str, cases: int, index: Path, args, workdir: Path) -> list[Measurement]:
    """The four measurements against one server process, ceiling first; ratios to that ceiling."""
    plan = scenarios(index, args.site)
    log_path = workdir / f"server-{label}.log"
    process, base = start_server(index, args, log_path)
    rows = []
    try:
        try:
            wait_until_ready(base, process)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{log_path.read_text(encoding='utf-8')[-2000:]}") from None
        for scenario in plan:
            if scenario.warm:
                warm_up(base, scenario.paths)
            script = workdir / "paden.lua"
            listed = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in scenario.paths)
            script.write_text(LUA % {"paths": listed, "threads": args.threads}, encoding="utf-8")
            print(f"  {scenario.name}: {len(scenario.paths)} adres(sen), {args.duration} s …", flush=True)
            rate, (p50, _, p99), (connect, read, write, timeout, status, requests), _ = run_wrk(base, script, args)
            detail = f"verbinding {connect}, lezen {read}, schrijven {write}, time-out {timeout}, geen 2xx/3xx {status}"
            errors = connect + read + write + timeout + status
            rows.append(
                Measurement(label, cases, scenario.name, len(scenario.paths), rate, p50, p99, requests, errors, detail)
            )
    finally:
        stop_server(process)
    ceiling = rows[0].requests_per_second
    for row in rows:
        row.ratio = row.requests_per_second / ceiling if ceiling else 0.0
    return rows


def table(rows: list[Measurement]) -> str:
    header = ("corpus", "meting", "verzoeken/s", "p50 ms", "p99 ms", "× plafond", "adressen", "verzoeken", "fouten")
    lines = [header] + [
        (
            f"{r.corpus} ({r.cases})",
            r.scenario,
            f"{r.requests_per_second:.0f}",
            f"{r.p50:.1f}",
            f"{r.p99:.1f}",
            f"{r.ratio:.2f}",
            f"{r.distinct}",
            f"{r.requests}",
            f"{r.errors}",
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "| "
        + " | ".join(cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(line))
        + " |"
        for line in lines
    ]
    text.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(text)


def verdicts(rows: list[Measurement]) -> list[str]:
    lines = []
    for row in rows:
        target = TARGETS.get(row.scenario)
        if target is not None:
            met = row.ratio >= target and row.errors == 0
            lines.append(
                f"Doel {row.corpus}, {row.scenario}: ≥ {target:.2f}× het plafond en 0 fouten — "
                f"{row.ratio:.2f}×, {'gehaald' if met else 'NIET gehaald'}."
            )
        if row.scenario == "zoeken, nieuw" and row.requests > row.distinct:
            lines.append(
                f"Let op ({row.corpus}): {row.requests} verzoeken op {row.distinct} verschillende vragen; "
                "een deel is herhaald."
            )
    return lines


def run(args) -> int:
    for name in ("duration", "connections", "threads", "cases"):
        if getattr(args, name) < 1:
            raise UsageError(f"--{name} moet minstens 1 zijn.")
    if args.threads > args.connections:
        raise UsageError("--threads mag niet groter zijn dan --connections (wrk eist dat).")
    if not shutil.which("wrk"):
        print(
            "fout: wrk ontbreekt. Installeer het met 'sudo apt-get install wrk' (Debian/Ubuntu) en probeer opnieuw.",
            file=sys.stderr,
        )
        return 1
    if not (Path(args.site) / "index.html").is_file():
        raise UsageError(f"er is geen gebouwde site in {args.site}. Bouw die eerst met 'make site', of geef --site.")
    workdir = Path(args.werkmap)
    workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        if args.corpus in ("echt", "beide"):
            print("Echt corpus (cases/ en docs/):", flush=True)
            real_index = Path(tempfile.mkdtemp(prefix="echt-", dir=workdir)) / "index"
            seconds = build_index(config.CASES_DIR, config.DOCS_DIR, real_index)
            print(f"  index gebouwd in {seconds:.1f} s", flush=True)
            count = len(list(config.CASES_DIR.glob(f"*{config.CASE_SUFFIX}")))
            try:
                rows += measure("echt", count, real_index, args, workdir)
            finally:
                shutil.rmtree(real_index.parent, ignore_errors=True)
        if args.corpus in ("synthetisch", "beide"):
            print(f"Synthetisch corpus ({args.cases} cases):", flush=True)
            index = prepare_synthetic(workdir, args.cases)
            rows += measure("synthetisch", args.cases, index, args, workdir)
    except RuntimeError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1

    print(
        f"\nServerbenchmark: wrk -c{args.connections} -t{args.threads} -d{args.duration}s per meting op 127.0.0.1; "
        f"cache {config.WEB_RESULT_CACHE_SIZE} antwoorden; 'zoeken, cache': {CACHED_QUERIES} vragen, vooraf "
        f"één keer gesteld; 'zoeken, nieuw': verschillende woordparen uit de woordenlijst van de index, elk "
        f"één keer\n"
    )
    print(table(rows))
    for row in rows:
        if row.errors:
            print(f"fouten bij {row.corpus}, {row.scenario}: {row.error_detail}")
    for line in verdicts(rows):
        print(line)
    print(f"Processor: {os.cpu_count()} kernen; wrk en de server delen die.")
    return 0
