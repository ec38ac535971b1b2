"""Per-case work spread over worker processes gives the same results, in the same order, as one process."""

import multiprocessing
import os
import shutil

import pytest

from search import parallel
from search.parallel import MIN_ITEMS_FOR_WORKERS, map_in_order, may_start_workers

from .conftest import FIXTURES


def label_with_process(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def fail_on_seven(number: int) -> int:
    if number == 7:
        raise ValueError("zeven")
    return number


def test_results_come_back_in_input_order_from_worker_processes():
    numbers = list(range(MIN_ITEMS_FOR_WORKERS * 3))
    results = map_in_order(label_with_process, numbers, workers=2)
    assert [square for square, _ in results] == [n * n for n in numbers]
    assert os.getpid() not in {pid for _, pid in results}


def test_few_items_are_done_in_this_process():
    results = map_in_order(label_with_process, [1, 2, 3], workers=2)
    assert results == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="zeven"):
        map_in_order(fail_on_seven, list(range(MIN_ITEMS_FOR_WORKERS * 2)), workers=2)


def nested_pids(number: int) -> list[int]:
    """A per-item function that itself asks for workers, as validate does inside a larger step."""
    return [pid for _, pid in map_in_order(label_with_process, list(range(MIN_ITEMS_FOR_WORKERS * 2)), workers=2)]


def test_a_worker_that_asks_for_workers_runs_serially_in_itself():
    results = map_in_order(nested_pids, list(range(MIN_ITEMS_FOR_WORKERS)), workers=2)
    for pids in results:
        assert len(set(pids)) == 1 and os.getpid() not in pids


def test_inside_a_daemon_process_the_work_runs_serially():
    """multiprocessing.Pool workers are daemons, which may not have children: the helper must not try."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def target():
        try:
            pids = {pid for _, pid in map_in_order(label_with_process, list(range(MIN_ITEMS_FOR_WORKERS * 2)))}
            send.send((pids, os.getpid(), may_start_workers()))
        except BaseException as error:
            send.send(repr(error))

    child = context.Process(target=target, daemon=True)
    child.start()
    answer = receive.recv()
    child.join()
    assert not isinstance(answer, str), answer
    pids, child_pid, allowed = answer
    assert pids == {child_pid} and allowed is False


@pytest.fixture
def low_thresholds(monkeypatch):
    """The large-corpus paths (worker processes, Whoosh's multi-process writer) with a handful of cases."""
    from search.engine import store

    monkeypatch.setattr(parallel, "MIN_ITEMS_FOR_WORKERS", 2)
    monkeypatch.setattr(store, "MULTIPROCESS_FROM", 10)


def test_index_build_on_the_large_path_gives_the_same_index_as_one_process(tmp_path, low_thresholds, monkeypatch):
    from benchmarks.synthetic import query_words, write_corpus
    from search.engine import store
    from search.engine.query import SearchEngine

    write_corpus(tmp_path / "cases", 8, words_per_case=150)
    (tmp_path / "docs").mkdir()
    parallel_report = store.build(tmp_path / "cases", tmp_path / "docs", tmp_path / "parallel")
    monkeypatch.setattr(parallel, "MIN_ITEMS_FOR_WORKERS", 10_000)
    monkeypatch.setattr(store, "MULTIPROCESS_FROM", 10_000_000)
    serial_report = store.build(tmp_path / "cases", tmp_path / "docs", tmp_path / "serial")
    assert (parallel_report.sources, parallel_report.documents) == (serial_report.sources, serial_report.documents)
    assert parallel_report.documents == 8 * 8
    for text in ("mee", "verslag testbureau", *query_words(3)):
        found = SearchEngine(tmp_path / "parallel").search(text, page_size=20)
        expected = SearchEngine(tmp_path / "serial").search(text, page_size=20)
        assert [g.slug for g in found.groups] == [g.slug for g in expected.groups]
        assert found.total_groups == expected.total_groups
    assert SearchEngine(tmp_path / "parallel").search("verslag testbureau").total_groups == 8


def test_index_build_cli_on_the_large_path_with_an_invalid_case_reports_it(tmp_path, low_thresholds):
    """build_index.py with enough cases for worker processes: no crash, and a bad case still gives file:line."""
    from benchmarks.synthetic import write_corpus
    from search.engine import store
    from search.engine.files import BuildFailed

    write_corpus(tmp_path / "cases", 6, words_per_case=100)
    (tmp_path / "docs").mkdir()
    shutil.copy(FIXTURES / "cases" / "bad" / "missing-field.md", tmp_path / "cases" / "missing-field.md")
    with pytest.raises(BuildFailed) as failed:
        store.build(tmp_path / "cases", tmp_path / "docs", tmp_path / "index")
    assert any("missing-field.md:" in line and "ontbreekt" in line for line in failed.value.lines)
    assert not (tmp_path / "index").exists()
