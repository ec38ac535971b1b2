"""Spread independent per-case work over the machine's cores (site build and index build read 1,000s of cases).

The one pool helper: every parallel step goes through `map_in_order`, so there is one level of worker
processes. A worker (or any daemon process, such as a `multiprocessing.Pool` worker) never starts a pool of
its own: there the same call runs serially.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

# Starting worker processes costs about a tenth of a second: below this many items one process is faster.
# Tests patch it low so the parallel path runs with a handful of cases.
MIN_ITEMS_FOR_WORKERS = 64

_inside_worker = False  # set in each worker process of our pool


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def may_start_workers() -> bool:
    """False inside one of our workers and inside any daemon process (which may not have children)."""
    return not _inside_worker and not multiprocessing.current_process().daemon


def _mark_worker() -> None:
    global _inside_worker
    _inside_worker = True


# What the forked workers work on: they inherit it from the parent, so only positions and results travel
# between processes (pickling 1,000 cases costs more than a second).
_work = None


def _apply(position: int):
    function, items = _work
    return function(items[position])


def map_in_order(function, items: list, *, workers: int | None = None) -> list:
    """[function(item) for item in items], computed by forked worker processes when that is worth it.

    Results must pickle; keep them small (they are copied back to this process). `function` may itself
    call map_in_order: inside a worker that call runs serially.
    """
    global _work
    items = list(items)
    workers = min(workers or usable_cores(), len(items))
    if workers < 2 or len(items) < MIN_ITEMS_FOR_WORKERS or not may_start_workers():
        return [function(item) for item in items]
    chunk = max(1, len(items) // (workers * 4))
    _work = (function, items)
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=_mark_worker
        ) as pool:
            return list(pool.map(_apply, range(len(items)), chunksize=chunk))
    finally:
        _work = None
