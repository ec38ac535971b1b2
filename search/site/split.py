"""Build a site with many case pages in several mkdocs processes at once, then merge them into one site.

mkdocs renders one page at a time (about 25 ms for a case page), so 1,000 cases keep one core busy for
half a minute. Each part here is an ordinary `mkdocs build --strict` that leaves out the case pages of
the other parts (`exclude_docs`). The first part renders everything else in full; the other parts get
stubs of the listing pages (same title and headings, so menus and anchors stay the same). The merge
starts from the first part's site and adds the other parts' case folders, their search-index entries and
their sitemap entries. A plain `mkdocs build` gives the same site (a test compares them byte for byte);
only the order of search-index entries differs, which the site search does not use.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from ..urls import CASES_PATH

SEARCH_INDEX = Path("search") / "search_index.json"
SITEMAP = "sitemap.xml"
SITEMAP_ENTRY = re.compile(r"[ \t]*<url>.*?</url>\n?", re.S)


# Only the first part renders the listing pages (overview, compare, labels, roles: together about a fifth of
# the work per case); it gets that much fewer case pages, so the parts finish at about the same time.
LISTING_SHARE = 0.2
HEADING_LINE = re.compile(r"^#{1,6} .*$", re.M)


def case_parts(slugs: list[str], count: int) -> list[list[str]]:
    """The first part gets fewer cases (it also renders the listings); the rest are dealt out round-robin,
    so every other part gets a similar share of long and short cases."""
    if count < 2:
        return [list(slugs)]
    first = round(len(slugs) * (1 - LISTING_SHARE) / count)
    rest = slugs[first:]
    return [list(slugs[:first])] + [rest[i :: count - 1] for i in range(count - 1)]


def stub_page(text: str) -> str:
    """A page with the same front matter (title, tags) and headings but no body: it keeps the menu and
    anchors of the other pages exactly as they are, at a fraction of the rendering cost."""
    front, body = "", text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        front, body = text[:end], text[end:]
    return front + "\n".join(HEADING_LINE.findall(body)) + "\n"


def part_docs(root: Path, number: int, stubbed: list[str]) -> str:
    """The docs folder part `number` builds: the real one for the first part; for the others a copy (hard
    links) in which the listing pages are stubs, since only the first part's listings are kept."""
    if number == 0 or not stubbed:
        return "docs"
    name = f"docs-part-{number}"
    shutil.copytree(root / "docs", root / name, copy_function=os.link)
    for relative in stubbed:
        path = root / name / relative
        text = path.read_text(encoding="utf-8")
        path.unlink()  # a hard link: writing in place would change the real page too
        path.write_text(stub_page(text), encoding="utf-8")
    return name


def part_config(root: Path, config_name: str, number: int, left_out: list[str], stubbed: list[str]) -> Path:
    """A config file next to the real one that inherits it and also leaves out other parts' case pages."""
    with open(root / config_name, encoding="utf-8") as handle:
        base = yaml.safe_load(handle) or {}
    patterns = (base.get("exclude_docs") or "").rstrip("\n").split("\n")
    patterns += [f"/{CASES_PATH}/{slug}.md" for slug in left_out]
    path = root / f".part-{number}.{config_name}"
    path.write_text(
        yaml.safe_dump(
            {
                "INHERIT": config_name,
                "docs_dir": part_docs(root, number, stubbed),
                "exclude_docs": "\n".join(p for p in patterns if p) + "\n",
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    return path


def start_build(config_file: Path, site_dir: Path, log) -> subprocess.Popen:
    # Output goes to a file, not a pipe: a part waiting on a full pipe while we wait on another part
    # would stall the build (mkdocs logs a line per link to a left-out page).
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(config_file),
            "--site-dir",
            str(site_dir),
        ],
        cwd=config_file.parent,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def run_parts(
    root: Path, config_name: str, slugs: list[str], site_dirs: list[Path], stubbed: list[str]
) -> tuple[bool, str]:
    """Run one mkdocs build per site_dir at the same time; ok only when every part succeeded.

    The output is every part's output in turn: the hand-written pages' warnings come once per part."""
    parts = case_parts(slugs, len(site_dirs))
    processes, logs = [], []
    try:
        for number, site_dir in enumerate(site_dirs):
            left_out = [slug for other, part in enumerate(parts) if other != number for slug in part]
            logs.append(tempfile.TemporaryFile(mode="w+", encoding="utf-8"))
            config_file = part_config(root, config_name, number, left_out, stubbed)
            processes.append(start_build(config_file, site_dir, logs[-1]))
        for process in processes:
            process.wait()
        outputs = []
        for log in logs:
            log.seek(0)
            outputs.append(log.read())
    finally:
        for process in processes:
            if process.poll() is None:  # we were interrupted: leave no mkdocs running
                process.kill()
                process.wait()
        for log in logs:
            log.close()
    return all(process.returncode == 0 for process in processes), "\n".join(outputs)


def merge_into(target: Path, other: Path, slugs: list[str]) -> None:
    """Add the case pages of `slugs`, built in site `other`, to site `target`."""
    for slug in slugs:
        destination = target / CASES_PATH / slug
        if destination.exists():
            shutil.rmtree(destination)
        shutil.move(str(other / CASES_PATH / slug), destination)
    merge_search_index(target / SEARCH_INDEX, other / SEARCH_INDEX, slugs)
    merge_sitemap(target / SITEMAP, other / SITEMAP, slugs)


def page_location(slug: str) -> str:
    return f"{CASES_PATH}/{slug}/"


def merge_search_index(target: Path, other: Path, slugs: list[str]) -> None:
    if not other.exists():  # the search plugin is switched off
        return
    data = json.loads(target.read_text(encoding="utf-8"))
    pages = {page_location(slug) for slug in slugs}
    added = [
        doc for doc in json.loads(other.read_text(encoding="utf-8"))["docs"] if doc["location"].split("#")[0] in pages
    ]
    data["docs"].extend(added)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def merge_sitemap(target: Path, other: Path, slugs: list[str]) -> None:
    if not other.exists():
        return
    pages = tuple(f"/{page_location(slug)}</loc>" for slug in slugs)
    added = [
        entry
        for entry in SITEMAP_ENTRY.findall(other.read_text(encoding="utf-8"))
        if any(page in entry for page in pages)
    ]
    text = target.read_text(encoding="utf-8")
    closing = text.rindex("</urlset>")
    text = text[:closing] + "".join(added) + text[closing:]
    target.write_text(text, encoding="utf-8")
    (target.parent / (SITEMAP + ".gz")).write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def build_in_parts(
    root: Path, config_name: str, slugs: list[str], site_dir: Path, parts: int, listing_pages: list[str] = ()
) -> tuple[bool, str]:
    """Build into site_dir (which must not exist yet) with `parts` mkdocs processes.

    listing_pages: generated pages (paths in docs/) that only the first part needs to render in full."""
    site_dirs = [site_dir] + [site_dir.with_name(f"{site_dir.name}.part-{n}") for n in range(1, parts)]
    try:
        ok, output = run_parts(root, config_name, slugs, site_dirs, list(listing_pages))
        if ok:
            for number, other in enumerate(site_dirs[1:], start=1):
                merge_into(site_dir, other, case_parts(slugs, parts)[number])
        return ok, output
    finally:
        for other in site_dirs[1:]:
            shutil.rmtree(other, ignore_errors=True)
