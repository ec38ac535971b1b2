"""`python -m search bench-serve`: load test of the researcher server with wrk, on the real and a synthetic corpus.

Starts `python -m search serve` as a separate process on a free loopback port, warms it up with one
pass over the URLs, then lets wrk (Debian package `wrk`) rotate over Dutch queries on the API and the
search page, and prints requests/s, p50/p95/p99 latency and errors per corpus. Not a test: a measurement.
"""

import os
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
  python -m search bench-serve                      # echt corpus en 10.000 synthetische cases, 30 s elk
  python -m search bench-serve --corpus echt --duration 10
  python -m search bench-serve --zonder-cache       # meet de zoekmachine zelf, zonder onthouden antwoorden
Nodig: wrk (sudo apt-get install wrk)."""

QUERIES = [
    "wijkteam",
    "cliëntondersteuning",
    '"warme overdracht"',
    "MEE",
    "maatwerk",
    "onafhankelijk",
    "keukentafelgesprek",
    "gemeente",
    "jeugd en gezin",
    "vraagverheldering",
    "buurtteam",
    "overdracht",
    "zelfredzaamheid",
    "toegang loket",
    "generalist",
    "specialistisch",
    "subsidie",
    "mantelzorger",
    "ondersteuningsplan",
    "wijkteam NOT jeugd",
    "sociaal team",
    "consulent*",
    "beleid OR regie",
    "samenwerking partners",
]
TARGET_P95_MS = 50.0
SYNTHETIC_SEED = 0

LUA = """\
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
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
class Measurement:
    corpus: str
    cases: int
    requests_per_second: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int
    error_detail: str


def add_arguments(parser) -> None:
    parser.add_argument("--duration", type=int, default=30, help="seconden belasting per corpus (standaard: 30)")
    parser.add_argument("--connections", type=int, default=20, help="gelijktijdige verbindingen (standaard: 20)")
    parser.add_argument("--threads", type=int, default=2, help="threads van wrk (standaard: 2)")
    parser.add_argument("--cases", type=int, default=10_000, help="aantal synthetische cases (standaard: 10000)")
    parser.add_argument(
        "--corpus", choices=("echt", "synthetisch", "beide"), default="beide", help="welk corpus (standaard: beide)"
    )
    parser.add_argument(
        "--zonder-cache", dest="no_cache", action="store_true", help="zet het onthouden van antwoorden in de server uit"
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


def paths_for_load() -> list[str]:
    """The URLs wrk rotates over: every query on the API and on the search page, plus filters and pages."""
    paths = []
    for query in QUERIES:
        encoded = quote(query, safe="")
        paths += [f"/api/search?q={encoded}", f"/zoeken/?q={encoded}"]
    paths += [
        "/api/search?q=wijkteam&provincie=utrecht",
        "/zoeken/?q=ondersteuning&sorteer=jaar",
        "/api/search?q=gemeente&pagina=2",
        "/zoeken/?q=MEE&thema=wijkteam",
    ]
    return paths


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


def measure(label: str, cases: int, index: Path, args, workdir: Path) -> Measurement:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "search",
        "serve",
        "--port",
        str(port),
        "--index",
        str(index),
        "--site",
        str(args.site),
        "--cache-size",
        "0" if args.no_cache else str(config.WEB_RESULT_CACHE_SIZE),
    ]
    log_path = workdir / f"server-{label}.log"
    with open(log_path, "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, cwd=config.REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_until_ready(base, process)
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{log_path.read_text(encoding='utf-8')[-2000:]}") from None
        paths = paths_for_load()
        warm_up(base, paths)
        script = workdir / "paden.lua"
        script.write_text(
            LUA % {"paths": ", ".join('"' + p.replace('"', '\\"') + '"' for p in paths)}, encoding="utf-8"
        )
        print(f"  wrk: {args.connections} verbindingen, {args.duration} s, {len(paths)} adressen …", flush=True)
        rate, (p50, p95, p99), (connect, read, write, timeout, status, requests), _ = run_wrk(base, script, args)
    finally:
        process.send_signal(signal.SIGINT)  # uvicorn stops cleanly on Ctrl-C
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    detail = f"verbinding {connect}, lezen {read}, schrijven {write}, time-out {timeout}, geen 2xx/3xx {status}"
    return Measurement(label, cases, rate, p50, p95, p99, requests, connect + read + write + timeout + status, detail)


def table(rows: list[Measurement], args) -> str:
    header = ("corpus", "cases", "verzoeken/s", "p50 ms", "p95 ms", "p99 ms", "verzoeken", "fouten")
    lines = [header] + [
        (
            r.corpus,
            f"{r.cases}",
            f"{r.requests_per_second:.0f}",
            f"{r.p50:.1f}",
            f"{r.p95:.1f}",
            f"{r.p99:.1f}",
            f"{r.requests}",
            f"{r.errors}",
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "| "
        + " | ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(line))
        + " |"
        for line in lines
    ]
    text.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(text)


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
            rows.append(measure("echt", count, real_index, args, workdir))
            shutil.rmtree(real_index.parent, ignore_errors=True)
        if args.corpus in ("synthetisch", "beide"):
            print(f"Synthetisch corpus ({args.cases} cases):", flush=True)
            index = prepare_synthetic(workdir, args.cases)
            rows.append(measure("synthetisch", args.cases, index, args, workdir))
    except RuntimeError as error:
        print(f"fout: {error}", file=sys.stderr)
        return 1

    cache = "uit" if args.no_cache else f"{config.WEB_RESULT_CACHE_SIZE} antwoorden"
    print(
        f"\nServerbenchmark: wrk -c{args.connections} -t{args.threads} -d{args.duration}s op 127.0.0.1, "
        f"API en zoekpagina door elkaar, cache {cache}, na één opwarmronde\n"
    )
    print(table(rows, args))
    for row in rows:
        if row.errors:
            print(f"fouten bij {row.corpus}: {row.error_detail}")
    real = next((r for r in rows if r.corpus == "echt"), None)
    if real:
        met = real.errors == 0 and real.p95 < TARGET_P95_MS
        print(
            f"\nDoel (echt corpus): 0 fouten en p95 onder {TARGET_P95_MS:.0f} ms — "
            f"{'gehaald' if met else 'NIET gehaald'}."
        )
    print(f"Processor: {os.cpu_count()} kernen; wrk en de server delen die.")
    return 0
