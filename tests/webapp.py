"""Shared helpers for the tests of the researcher server (search/web): a tiny site and a tiny index."""

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WEB_CASES = Path(__file__).resolve().parent / "fixtures" / "web" / "cases"
WEB_DOCS = Path(__file__).resolve().parent / "fixtures" / "web" / "docs"

INLINE_SCRIPT = 'var palette = "licht";'
PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{prefix}assets/stylesheets/main.abc123.min.css">
<link rel="icon" href="{prefix}assets/images/favicon.png">
<script>{script}</script>
<script id="__config" type="application/json">{{"base": "."}}</script>
<script src="{prefix}assets/javascripts/bundle.min.js"></script>
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo">
<header class="md-header"><div class="md-header__topic"><span class="md-ellipsis"> Testkennisbank </span></div></header>
<main><h1>{title}</h1></main></body></html>
"""


def make_site(root: Path) -> Path:
    """A small stand-in for a built mkdocs site: pages, assets, a 404 page and nothing else."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "index.html").write_text(PAGE.format(title="Start", prefix="", script=INLINE_SCRIPT), encoding="utf-8")
    (root / "404.html").write_text(
        PAGE.format(title="Niet gevonden", prefix="/", script=INLINE_SCRIPT), encoding="utf-8"
    )
    case_dir = root / "praktijkvoorbeelden" / "voorbeeldstad"
    case_dir.mkdir(parents=True, exist_ok=True)
    (case_dir / "index.html").write_text(
        PAGE.format(title="Voorbeeldstad", prefix="../../", script="var x = 1;"), encoding="utf-8"
    )
    styles = root / "assets" / "stylesheets"
    styles.mkdir(parents=True, exist_ok=True)
    (styles / "main.abc123.min.css").write_text("body{margin:0}", encoding="utf-8")
    scripts = root / "assets" / "javascripts"
    scripts.mkdir(parents=True, exist_ok=True)
    (scripts / "bundle.min.js").write_text("console.log('ok');", encoding="utf-8")
    (root / "search").mkdir(exist_ok=True)
    (root / "search" / "search_index.json").write_text('{"docs": []}', encoding="utf-8")
    (root / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>', encoding="utf-8")
    add_open_data(root)
    return root


def add_open_data(root: Path, cases: Path = WEB_CASES) -> None:
    """The open-data package of `cases`, written by the real site code where the built site has it."""
    from search.content.cases import load_cases
    from search.content.vocabulary import load_vocabulary
    from search.site import data_package, pages

    loaded, problems = load_cases([cases])
    assert problems == [], problems
    data, problems = data_package.build_open_data(pages.make_entries(loaded), load_vocabulary())
    assert problems == [], problems
    folder = root / pages.GENERATED_FOLDER / data_package.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in data.files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def build_index(index_dir: Path, cases: Path = WEB_CASES, docs: Path = WEB_DOCS) -> None:
    """Build a search index with the real entry point, as `make index` does."""
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "build_index.py"),
            "--cases",
            str(cases),
            "--docs",
            str(docs),
            "--index",
            str(index_dir),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"build_index.py faalde:\n{result.stdout}\n{result.stderr}"


def make_app(base: Path, site: Path | None = None):
    """The researcher app over a tiny index and (unless given) a tiny site, both under `base`."""
    from search.web.app import create_app

    index = base / "index"
    build_index(index)
    return create_app(index_dir=index, site_dir=site or make_site(base / "site"))


def copy_cases(target: Path) -> Path:
    shutil.copytree(WEB_CASES, target)
    return target


@contextlib.contextmanager
def running_server(app):
    """The app under uvicorn in a thread on a free loopback port; yields the base URL, stops cleanly."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "de testserver startte niet"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
