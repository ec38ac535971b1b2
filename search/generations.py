"""Built output (the index, the site) as generations behind a symlink that is swapped atomically.

`<link>` is a symlink to a sibling generation folder `<name>.gen-<ns>` (hidden for the site: `.<name>.gen-<ns>`).
A build writes aside, renames its folder to a new generation and replaces the link with os.replace, which
is atomic: a reader sees the old or the new output, never none and never half of one. One build at a time
per link (a file lock beside it); a second build waits for the first. A generation that stopped being
current less than GENERATION_KEEP_SECONDS ago stays on disk, so a reader that resolved the link just
before a swap can still finish.
"""

import fcntl
import os
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import config

GENERATION_MARK = ".gen-"
TMP_MARK = ".tmp-"


class BuildBusy(Exception):
    """Another build of the same output held the lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class Location:
    link: Path  # what users name (--index, --site-dir); a symlink to the current generation
    hidden: bool = False  # generation folders start with a dot (the site lives in the repository root)

    @property
    def parent(self) -> Path:
        return self.link.parent

    @property
    def name(self) -> str:
        return self.link.name

    @property
    def prefix(self) -> str:
        return ("." if self.hidden else "") + self.name + GENERATION_MARK

    def current(self) -> Path | None:
        if self.link.is_symlink():
            target = self.parent / os.readlink(self.link)
            return target if target.is_dir() else None
        return None

    def generations(self) -> list[Path]:
        """Generation folders, oldest first (the name holds the time of the swap in nanoseconds)."""
        return sorted((p for p in self.parent.glob(self.prefix + "*") if p.is_dir()), key=stamp)

    def tmp_dir(self) -> Path:
        return self.parent / f".{self.name}{TMP_MARK}{os.getpid()}"

    def lock_path(self) -> Path:
        return self.parent / f".{self.name}.lock"


def location(link, hidden: bool = False) -> Location:
    """The Location of a link given by a user; the last part is not resolved (it is the symlink itself)."""
    link = Path(link)
    return Location(link.parent.resolve() / link.name if link.name else link.resolve(), hidden)


def stamp(generation: Path) -> int:
    try:
        return int(generation.name.rsplit(GENERATION_MARK, 1)[1])
    except (IndexError, ValueError):
        return 0


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(where: Location, built: Path) -> Path:
    """Rename a finished folder to a new generation and point the link at it, atomically.

    A link that is still a plain folder (a site built before generations existed) becomes the previous
    generation first; only that one-time move leaves the path missing for an instant.
    """
    now = time.time_ns()
    generation = where.parent / f"{where.prefix}{now}"
    os.rename(built, generation)
    if where.link.is_dir() and not where.link.is_symlink():
        os.rename(where.link, where.parent / f"{where.prefix}{now - 1}")
    new_link = where.parent / f".{where.name}.link-{os.getpid()}"
    if new_link.is_symlink() or new_link.exists():
        new_link.unlink()
    os.symlink(generation.name, new_link)
    os.replace(new_link, where.link)
    return generation


def clean_up(where: Location, keep_seconds: float | None = None) -> list[Path]:
    """Remove tmp folders of builds that died, and generations retired longer than keep_seconds ago.

    A generation retired when the next one was swapped in, so its age counts from that one's stamp (the
    newest, if it is not current, from its own: a build that died between rename and swap). The current
    generation always stays. Returns the generations removed.
    """
    keep_seconds = config.GENERATION_KEEP_SECONDS if keep_seconds is None else keep_seconds
    for tmp in where.parent.glob(f".{where.name}{TMP_MARK}*"):
        try:
            pid = int(tmp.name.rsplit(TMP_MARK, 1)[1])
        except ValueError:
            continue
        if pid != os.getpid() and not pid_alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)
    current = where.current()
    current = current.resolve() if current is not None else None
    generations = where.generations()
    now = time.time_ns()
    removed = []
    for position, generation in enumerate(generations):
        if generation.resolve() == current:
            continue
        retired = stamp(generations[min(position + 1, len(generations) - 1)])
        if (now - retired) / 1e9 >= keep_seconds:
            shutil.rmtree(generation, ignore_errors=True)
            removed.append(generation)
    return removed


@contextmanager
def build_lock(where: Location, wait_seconds: float | None = None, notify=None):
    """Hold the build lock of this output (fcntl.flock on a file beside the link) for the whole build.

    A second build waits for the first (saying so once through `notify`, default: stderr), up to
    wait_seconds; then BuildBusy. The kernel releases the lock when a build dies, even with kill -9.
    """
    wait_seconds = config.BUILD_LOCK_WAIT_SECONDS if wait_seconds is None else wait_seconds
    notify = notify or (lambda text: print(text, file=sys.stderr, flush=True))
    where.parent.mkdir(parents=True, exist_ok=True)
    with open(where.lock_path(), "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = lock_holder(handle)
                if time.monotonic() >= deadline:
                    raise BuildBusy(
                        f"{where.link} wordt nog gebouwd door een ander proces{holder}. "
                        "Wacht tot dat klaar is en probeer het dan opnieuw."
                    ) from None
                if not told:
                    notify(f"Er loopt al een bouw van {where.link}{holder}; deze bouw wacht tot die klaar is …")
                    told = True
                time.sleep(0.1)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def lock_holder(handle) -> str:
    handle.seek(0)
    text = handle.read().strip()
    return f" (proces {text})" if text.isdigit() else ""
