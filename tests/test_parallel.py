"""Per-case work spread over worker processes gives the same results, in the same order, as one process."""

import os

import pytest

from search.parallel import MIN_ITEMS_FOR_WORKERS, map_in_order


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
