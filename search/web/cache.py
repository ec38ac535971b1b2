"""A small thread-safe cache of rendered search answers, tied to one index generation.

The index is read-only between swaps, so an answer stays right until build_index.py swaps in a new
index; the key holds a stamp of the index folder, so a swap makes every old entry unreachable.
"""

import os
import threading
from collections import OrderedDict


def index_stamp(index_dir) -> tuple:
    """Where the index folder points now and when that folder last changed; a swap changes both."""
    real = os.path.realpath(index_dir)
    try:
        return real, os.stat(real).st_mtime_ns
    except OSError:
        return real, None


class ResultCache:
    """Least-recently-used results; size 0 switches caching off."""

    def __init__(self, size: int):
        self.size = max(0, int(size))
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self._stamp = None
        self.hits = self.misses = 0

    def get(self, stamp, key):
        if not self.size:
            return None
        with self._lock:
            if stamp != self._stamp:  # a new index: forget everything at once
                self._entries.clear()
                self._stamp = stamp
            value = self._entries.get(key)
            if value is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def put(self, stamp, key, value) -> None:
        if not self.size:
            return
        with self._lock:
            if stamp != self._stamp:
                self._entries.clear()
                self._stamp = stamp
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
