"""Every benchmark command runs end to end at a small size, so none can rot between the runs that measure.

These are smoke runs, not measurements: they check the exit code and that the table is printed, never a time.
"""

import shutil
import subprocess
import sys

import pytest

from search.cli import COMMANDS

from .conftest import REPO
from .webapp import make_site

pytestmark = pytest.mark.slow


def run_command(*args, timeout=180):
    done = subprocess.run(
        [sys.executable, "-m", "search", *args], cwd=REPO, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"{args[0]} faalde:\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


def test_every_bench_command_has_a_smoke_run_here():
    smoked = {"bench", "bench-site", "bench-serve", "bench-learners", "bench-static-search", "bench-hostile"}
    # bench-hostile's smoke run is in test_bounds
    assert {name for name in COMMANDS if name.startswith("bench")} == smoked


def test_bench_search_engine_against_fts5_at_ten_cases(tmp_path):
    out = run_command("bench", "--cases", "10", "--words", "50", "--queries", "5", "--keep", str(tmp_path))
    assert "Benchmark: 10 cases" in out
    for row in ("volledige bouw (s)", "één case bijwerken (s)", "zoeken p95 (ms)", "koude CLI-zoekopdracht (ms)"):
        assert f"| {row} |" in out
    assert (tmp_path / "fts.sqlite").is_file() and (tmp_path / "index").is_symlink()


def test_bench_site_at_two_cases():
    out = run_command("bench-site", "--cases", "2", "--words", "50")
    lines = out.splitlines()
    row = lines[lines.index(next(line for line in lines if line.split()[:1] == ["N"])) + 1].split()
    assert row[0] == "2" and int(row[1]) > 2  # the two synthetic cases next to the real ones


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk ontbreekt (make test installeert het)")
def test_bench_serve_at_ten_cases_for_one_second(tmp_path):
    site = make_site(tmp_path / "site")
    out = run_command(
        "bench-serve",
        "--cases",
        "10",
        "--duration",
        "1",
        "--connections",
        "2",
        "--threads",
        "1",
        "--site",
        str(site),
        "--werkmap",
        str(tmp_path / "werk"),
    )
    rows = [
        line.split("|")[1:-1] for line in out.splitlines() if line.startswith("| echt") or line.startswith("| synth")
    ]
    measured = [(cells[0].strip(), cells[1].strip()) for cells in rows]
    scenarios = ["plafond (openapi.json)", "statisch", "zoeken, cache", "zoeken, nieuw"]
    real = len(list((REPO / "cases").glob("*.md")))
    assert measured == [(f"echt ({real})", s) for s in scenarios] + [("synthetisch (10)", s) for s in scenarios]
    for cells in rows:
        assert float(cells[2]) > 0 and int(cells[-1]) == 0  # requests/s and no errors
    assert all(float(cells[5]) == 1.0 for cells in rows if cells[1].strip().startswith("plafond"))


def test_bench_static_search_with_pagefind_on_three_questions():
    out = run_command("bench-static-search", "--cases", "0", "--engine", "pagefind", "--questions", "3", timeout=300)
    rows = [line.split() for line in out.splitlines() if line.startswith("pagefind ")]
    assert len(rows) == 1
    real = len(list((REPO / "cases").glob("*.md")))
    assert rows[0][1] == str(real) and rows[0][2].endswith("%")
    assert float(rows[0][4].replace(".", "")) > 0  # index bytes were fetched for the questions


def test_classify_bench_with_two_repeats():
    out = run_command("classify", "--bench", "--repeats", "2")
    assert out.splitlines()[0].split()[:2] == ["cases", "herhalingen"]
    assert out.splitlines()[1].split()[1] == "2"


def test_bench_learners_on_three_training_files():
    out = run_command("bench-learners", "--files", "3", timeout=600)
    table = [
        [cell.strip() for cell in line.strip("|").split("|")] for line in out.splitlines() if line.startswith("| ")
    ]
    assert table[0][:3] == ["leerder", "macro-F1", "nauwkeurigheid"]
    assert [row[0] for row in table[1:]] == ["eigen model (model.py)", "scikit-learn LogisticRegression (C = 100)"]
    for row in table[1:]:
        assert all(0.0 <= float(cell) <= 1.0 for cell in row[1:3])  # macro-F1 and accuracy over the three files
        assert row[3:5] == ["–", "–"]  # the first three files hold no paraphrases of real documents
