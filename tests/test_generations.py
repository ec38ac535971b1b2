"""Builds of the index and the site as generations: one build at a time, an atomic swap, old ones kept
for a while and then removed, and a server that closes what it no longer uses."""

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from search import config, generations
from search.engine import store
from search.engine.files import MANIFEST, BuildFailed, read_json
from search.engine.query import SearchEngine
from search.engine.reader import resolve_generation

from .conftest import FIXTURES, REPO
from .webapp import make_site

CORPUS = FIXTURES / "search"


def copy_corpus(root):
    shutil.copytree(CORPUS / "cases", root / "cases")
    shutil.copytree(CORPUS / "docs", root / "docs")
    return root


def build_process(root, pause: float):
    env = dict(os.environ, **{store.PAUSE_ENV: str(pause)})
    return subprocess.Popen(
        [
            sys.executable,
            "build_index.py",
            "--cases",
            str(root / "cases"),
            "--docs",
            str(root / "docs"),
            "--index",
            str(root / "index"),
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_index_builds_at_once_both_succeed_one_after_the_other(tmp_path):
    root = copy_corpus(tmp_path)
    first = build_process(root, pause=1.5)
    deadline = time.time() + 30
    while not list(root.glob(f".index{generations.TMP_MARK}*")) and time.time() < deadline:
        time.sleep(0.02)
    second = build_process(root, pause=0)
    out_first, err_first = first.communicate(timeout=120)
    out_second, err_second = second.communicate(timeout=120)
    assert first.returncode == 0, err_first
    assert second.returncode == 0, err_second
    assert "wacht tot die klaar is" in err_second and f"proces {first.pid}" in err_second
    # The second build swapped in after the first: both generations exist (the first is young), the link
    # names the newer one, and no tmp folder is left.
    built = sorted(root.glob(f"index{generations.GENERATION_MARK}*"), key=generations.stamp)
    assert len(built) == 2 and resolve_generation(root / "index") == built[-1]
    assert not list(root.glob(f".index{generations.TMP_MARK}*"))
    assert sum(read_json(built[-1] / MANIFEST)["counts"].values()) == 15
    assert [g.slug for g in SearchEngine(root / "index").search("loket").groups] == ["heuvelrand"]


def test_a_build_that_cannot_get_the_lock_in_time_fails_with_a_clear_message(tmp_path, monkeypatch):
    root = copy_corpus(tmp_path)
    monkeypatch.setattr(config, "BUILD_LOCK_WAIT_SECONDS", 0.3)
    with generations.build_lock(store.location_for(root / "index")):
        with pytest.raises(BuildFailed) as failed:
            store.build(root / "cases", root / "docs", root / "index")
    assert "wordt nog gebouwd door een ander proces" in failed.value.lines[0]
    assert f"proces {os.getpid()}" in failed.value.lines[0]
    assert not (root / "index").exists()
    store.build(root / "cases", root / "docs", root / "index")  # the lock was released
    assert (root / "index").is_symlink()


def fake_generation(where, seconds_ago: float):
    folder = where.parent / f"{where.prefix}{time.time_ns() - int(seconds_ago * 1e9)}"
    folder.mkdir()
    (folder / "index.html").write_text(f"{seconds_ago}", encoding="utf-8")
    return folder


def test_generations_are_removed_by_the_time_since_they_were_replaced(tmp_path):
    where = generations.location(tmp_path / "site", hidden=True)
    oldest = fake_generation(where, 3600)  # made an hour ago, replaced 20 minutes ago by the next one
    replaced_5_minutes_ago = fake_generation(where, 1200)
    replaced_a_second_ago = fake_generation(where, 300)
    current = fake_generation(where, 1)
    os.symlink(current.name, where.link)
    assert generations.clean_up(where, keep_seconds=600) == [oldest]
    assert where.generations() == [replaced_5_minutes_ago, replaced_a_second_ago, current]
    # The current generation stays whatever its age; a newer one that is not current goes too.
    os.remove(where.link)
    os.symlink(replaced_a_second_ago.name, where.link)
    assert generations.clean_up(where, keep_seconds=0) == [replaced_5_minutes_ago, current]
    assert where.generations() == [replaced_a_second_ago]


def test_the_site_path_is_never_missing_while_generations_are_swapped(tmp_path):
    where = generations.location(tmp_path / "site", hidden=True)
    first = make_site(tmp_path / "eerste")
    generations.swap_in(where, first)
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not (where.link / "index.html").is_file():
                missing.append(time.perf_counter())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for number in range(100):
            new = tmp_path / f"nieuw-{number}"
            new.mkdir()
            (new / "index.html").write_text(str(number), encoding="utf-8")
            generations.swap_in(where, new)
            generations.clean_up(where, keep_seconds=0)
    finally:
        stop.set()
        watcher.join()
    assert missing == []
    assert (where.link / "index.html").read_text(encoding="utf-8") == "99"
    assert len(where.generations()) == 1


def test_a_plain_site_folder_from_before_becomes_the_previous_generation(tmp_path):
    site = make_site(tmp_path / "site")
    where = generations.location(site, hidden=True)
    new = make_site(tmp_path / "nieuw")
    (new / "index.html").write_text("nieuw", encoding="utf-8")
    generations.swap_in(where, new)
    assert site.is_symlink() and (site / "index.html").read_text(encoding="utf-8") == "nieuw"
    previous = where.generations()[0]
    assert (previous / "praktijkvoorbeelden" / "voorbeeldstad" / "index.html").is_file()


def test_the_server_serves_the_new_site_after_a_swap_and_the_old_one_to_a_request_that_began_before(tmp_path):
    from search.web.static_site import StaticSite

    where = generations.location(tmp_path / "site", hidden=True)
    generations.swap_in(where, make_site(tmp_path / "eerste"))
    served = StaticSite(tmp_path / "site")
    began = served.root
    newer = make_site(tmp_path / "tweede")
    (newer / "praktijkvoorbeelden" / "nieuwstad").mkdir()
    (newer / "praktijkvoorbeelden" / "nieuwstad" / "index.html").write_text("<p>nieuw</p>", encoding="utf-8")
    generations.swap_in(where, newer)
    assert served.response("praktijkvoorbeelden/nieuwstad/").status_code == 200
    assert served.resolve("praktijkvoorbeelden/voorbeeldstad/", began) is not None  # old generation kept
    assert served.resolve("praktijkvoorbeelden/nieuwstad/", began) is None


def test_a_cached_site_file_is_never_served_from_a_replaced_generation(tmp_path):
    from search.web.static_site import StaticSite

    where = generations.location(tmp_path / "site", hidden=True)
    generations.swap_in(where, make_site(tmp_path / "eerste"))
    served = StaticSite(tmp_path / "site")
    assert b"Start" in served.response("").body
    assert served.cached("") is not None  # in memory now
    newer = make_site(tmp_path / "tweede")
    (newer / "index.html").write_text("<p>nieuw</p>", encoding="utf-8")
    generations.swap_in(where, newer)
    assert served.cached("") is None  # the link points at another generation: not this entry
    assert served.response("").body == b"<p>nieuw</p>"
    assert served.cached("").body == b"<p>nieuw</p>"


@pytest.fixture
def built(tmp_path):
    root = copy_corpus(tmp_path)
    store.build(root / "cases", root / "docs", root / "index")
    return root


def test_the_engine_closes_the_old_generation_after_a_swap(built):
    engine = SearchEngine(built / "index")
    assert [g.slug for g in engine.search("loket").groups] == ["heuvelrand"]
    old = engine.generation
    store.build(built / "cases", built / "docs", built / "index")
    assert [g.slug for g in engine.search("loket").groups] == ["heuvelrand"]
    assert engine.generation is not old and old.closed and not engine.generation.closed


def test_a_search_that_holds_the_old_generation_keeps_it_open_until_it_is_done(built):
    engine = SearchEngine(built / "index")
    with engine.leased() as held:
        engine.search_in(held, "loket")
        store.build(built / "cases", built / "docs", built / "index")
        assert [g.slug for g in engine.search("loket").groups] == ["heuvelrand"]  # switches to the new one
        assert engine.generation is not held and not held.closed
        assert [g.slug for g in engine.search_in(held, "loket").groups] == ["heuvelrand"]
    assert held.closed


@pytest.mark.slow
def test_make_site_swaps_a_generation_in_and_the_site_is_there_throughout(tmp_path):
    from search.site import build as site_build

    site = tmp_path / "site"
    first = site_build.build(site_dir=site, install=False)
    assert first.ok, first.message
    assert site.is_symlink() and (site / "index.html").is_file()
    before = site.resolve()
    missing, stop = [], threading.Event()

    def watch():
        while not stop.is_set():
            if not (site / "index.html").is_file():
                missing.append(time.perf_counter())
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        second = site_build.build(site_dir=site, install=False)
    finally:
        stop.set()
        watcher.join()
    assert second.ok, second.message
    assert missing == []
    assert site.resolve() != before and before.is_dir()  # the replaced generation is young: it stays
    others = sorted(p.name for p in tmp_path.iterdir() if p.name != "site")
    assert [name.rsplit("-", 1)[0] for name in others] == [".site.gen", ".site.gen", ".site.lock"]
