"""From cases/ + docs/ to a built site, atomically: a failed step leaves the previous output untouched.

1. validate the cases (nothing is written when a case has errors);
2. generate every page and download in memory (`generated_files`);
3. with `build`: copy mkdocs.yml + docs/ + the generated files into a staging folder and run
   `mkdocs build --strict` there into a temporary site folder (one process per core for a large site:
   site_split.py);
4. only then swap the generated files into docs/ and the new site into its place.
"""

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import config, generations
from ..content import glossary, validate
from ..content.vocabulary import load_vocabulary
from ..parallel import usable_cores
from ..problems import Problem
from . import (
    case_map as site_map,
)
from . import (
    downloads as exports,
)
from . import (
    lunr_dutch as site_search,
)
from . import (
    open_data,
    page_security,
    pages,
    publish,
    role_chart,
    static_search,
)
from . import (
    split as site_split,
)

CONFIG_FILE = "mkdocs.yml"
# From this many cases the site is built by several mkdocs processes at once (site_split.py): below it,
# starting a second process and merging costs more than it saves.
SPLIT_FROM_CASES = 200
MAX_PARTS = 4
# Paths inside docs/ that this module owns; everything else in docs/ is hand-written.
GENERATED_PATHS = (
    pages.GENERATED_FOLDER,
    pages.TAGS_PAGE,
    glossary.PAGE,
    glossary.SNIPPETS_FOLDER,
    site_search.OWNED_FOLDER,
)


@dataclass
class BuildResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    files: dict = field(default_factory=dict)  # generated files (relative to docs/)
    case_count: int = 0
    timings: dict = field(default_factory=dict)  # seconds per step: check, generate, mkdocs
    mkdocs_parts: int = 0  # mkdocs processes that built the site (0: not built)


def generated_files(cases, docs_dir: Path, site_url: str = "/") -> tuple[dict, list[Problem]]:
    """Every generated file as {path relative to docs/: text}; no disk writes. site_url: the site's
    address, for the page addresses in the data downloads ('/' gives paths from the root)."""
    vocabulary = load_vocabulary()
    entries = pages.make_entries(cases)
    terms, problems = glossary.load_glossary(Path(docs_dir) / glossary.GLOSSARY_FILE)
    folder = pages.GENERATED_FOLDER
    files = {f"{folder}/{e.case.slug}.md": pages.case_page(e, vocabulary) for e in entries}
    map_alt = (
        "Kaart van Nederland. Elk praktijkvoorbeeld is een gekleurd teken op de plaats van de gemeente; "
        "kleur en vorm geven de rol van MEE aan."
    )
    chart_rows = role_chart.yearly_counts(entries)
    files[f"{folder}/{pages.OVERVIEW_PAGE}"] = pages.overview_page(entries, vocabulary, map_alt, chart_rows)
    files[f"{folder}/rollen-per-jaar.svg"] = role_chart.chart_svg(
        chart_rows, {rid: r["label"] for rid, r in vocabulary.roles.items()}
    )
    files[f"{folder}/{pages.COMPARE_PAGE}"] = pages.compare_page(entries, vocabulary)
    files[f"{folder}/{pages.SOURCES_PAGE}"] = pages.sources_page(entries)
    for role_id in vocabulary.roles:
        files[f"{folder}/{pages.role_page_name(role_id)}"] = pages.role_page(role_id, entries, vocabulary)
    points = [
        {
            "name": pages.place_name(e.case.meta) or e.case.title,
            "lon": e.case.meta["coordinates"]["lon"],
            "lat": e.case.meta["coordinates"]["lat"],
            "role": e.role.role,
            "url": f"{e.case.slug}/",  # relative to kaart.svg, which sits next to the case folders
        }
        for e in entries
        if e.case.meta.get("coordinates")
    ]
    files[f"{folder}/kaart.svg"] = site_map.map_svg(points, {rid: r["label"] for rid, r in vocabulary.roles.items()})
    files[f"{folder}/cases.json"] = exports.cases_json(entries, site_url)
    files[f"{folder}/cases.csv"] = exports.cases_csv(entries, site_url)
    data_files, data_problems = open_data.open_data_files(entries, vocabulary, site_url)
    files.update(data_files)
    files[pages.TAGS_PAGE] = pages.tags_page(entries, vocabulary)
    files[glossary.PAGE] = glossary.glossary_page(terms, pages.escape)
    files[f"{glossary.SNIPPETS_FOLDER}/{glossary.ABBREVIATIONS}"] = glossary.abbreviations_config(terms)
    search_plugin = site_search.dutch_search_plugin()
    if search_plugin is not None:
        files[site_search.ASSET] = search_plugin
    return files, problems + data_problems


def write_tree(root: Path, files: dict) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):  # the open-data zip
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` (file or folder) by `new`; the old one is removed only after the rename."""
    if new.is_dir():
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(new, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    else:
        if target.is_dir():
            shutil.rmtree(target)
        os.replace(new, target)


def install_generated(files: dict, docs_dir: Path) -> None:
    """Write the generated files next to docs/ first, then swap each generated path in at once."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".generated-", dir=docs_dir))
    try:
        write_tree(staging, files)
        for name in GENERATED_PATHS:
            new = staging / name
            target = docs_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if new.exists():
                swap_in(new, target)
            elif target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def hand_written(docs_dir: Path):
    """shutil.copytree ignore function that leaves out generated paths and stale staging folders."""
    generated = set(GENERATED_PATHS)
    root = docs_dir.resolve()

    def ignore(directory, names):
        relative = Path(directory).resolve().relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        return [
            n
            for n in names
            if prefix + n in generated
            or (not prefix and n.startswith((".generated-", f".{pages.GENERATED_FOLDER}.old")))
        ]

    return ignore


def mkdocs_story(output: str) -> str:
    """What a reader needs from mkdocs' output: INFO lines (build time, pages outside the menu) are noise
    here, warnings and errors are the story. Lines repeated by several parts are shown once."""
    lines = [line for line in dict.fromkeys(output.splitlines()) if line.strip() and not line.startswith("INFO")]
    # mkdocs prints its "Aborted with N warnings" summary before the warnings themselves; put it last.
    return "\n".join(sorted(lines, key=lambda line: line.startswith("Aborted")))


def mkdocs_parts(case_count: int) -> int:
    """How many mkdocs processes to build with: one per core once there are enough case pages to share."""
    if case_count < SPLIT_FROM_CASES:
        return 1
    return max(1, min(usable_cores(), MAX_PARTS))


def build(
    cases_paths=None,
    *,
    docs_dir: Path | None = None,
    site_dir: Path | None = None,
    config_file: Path | None = None,
    install: bool = True,
    site_url: str | None = None,
    search_url: str | None = None,
    search_engine: str = static_search.DEFAULT_ENGINE,
) -> BuildResult:
    """Validate, generate and (with site_dir) build. Writes nothing unless every step succeeded.

    install=False leaves docs/ alone (the benchmark builds from a staging copy only).
    site_url: where the site will be published (SITE_URL; default: site_url in mkdocs.yml);
    search_url: the researcher search (SEARCH_URL; default none: the site does not link to it).
    search_engine: the site's own search, "pagefind" (default) or "lunr" (for the comparison benchmark).
    """
    docs_dir = Path(docs_dir or config.DOCS_DIR)
    config_file = Path(config_file or config.REPO_ROOT / CONFIG_FILE)
    config_text = config_file.read_text(encoding="utf-8")
    try:
        site_url, search_url = publish.addresses(site_url, search_url, publish.default_site_url(config_text))
    except publish.AddressError as error:
        return BuildResult(False, message=f"{error} Er is niets gegenereerd.")
    started = time.perf_counter()
    timings = {}
    # The same rules as `python -m search check`, on cases read once (reading YAML is the slow part).
    cases, problems = validate.load_and_check(cases_paths)
    timings["check"] = time.perf_counter() - started
    errors = [p for p in problems if p.is_error]
    if errors:
        return BuildResult(False, problems, "De praktijkvoorbeelden bevatten fouten; er is niets gegenereerd.")
    started = time.perf_counter()
    files, glossary_problems = generated_files(cases, docs_dir, site_url)
    if search_engine != static_search.LUNR:
        files.pop(site_search.ASSET, None)  # Material's lunr plugin is off
    timings["generate"] = time.perf_counter() - started
    if glossary_problems:
        return BuildResult(
            False,
            problems + glossary_problems,
            "De woordenlijst of de versielijst van de open data bevat fouten; er is niets gegenereerd.",
        )
    if site_dir is not None:
        where = generations.location(site_dir, hidden=True)
        try:
            with generations.build_lock(where):
                failure = build_site(
                    cases, files, problems, timings, where, (config_text, site_url, search_url, search_engine), docs_dir
                )
                if failure is None and install:
                    install_generated(files, docs_dir)
        except generations.BuildBusy as busy:
            return BuildResult(False, problems, str(busy))
        if failure is not None:
            return failure
    elif install:
        install_generated(files, docs_dir)
    return BuildResult(
        True,
        problems,
        files=files,
        case_count=len(cases),
        timings=timings,
        mkdocs_parts=mkdocs_parts(len(cases)) if site_dir is not None else 0,
    )


def build_site(cases, files, problems, timings, where, config, docs_dir: Path) -> BuildResult | None:
    """mkdocs build --strict into a tmp folder beside the site link, add the static search and each page's
    security policy, then swap it in as a new generation. config: (the text of mkdocs.yml, SITE_URL,
    SEARCH_URL, the static search engine). Returns None on success, else the failed BuildResult (the
    previous site is untouched)."""
    config_text, site_url, search_url, search_engine = config
    generations.clean_up(where)
    with tempfile.TemporaryDirectory(prefix="kb-site-") as scratch:
        root = Path(scratch)
        shutil.copytree(docs_dir, root / "docs", ignore=hand_written(docs_dir))
        write_tree(root / "docs", files)
        # SITE_URL and SEARCH_URL: the staged mkdocs.yml and the links to the researcher search.
        publish.stage(root, CONFIG_FILE, config_text, site_url, search_url, search_engine)
        new_site = where.tmp_dir()  # each part's mkdocs makes its own site folder: this name must be free
        shutil.rmtree(new_site, ignore_errors=True)
        started = time.perf_counter()
        parts = mkdocs_parts(len(cases))
        case_pages = {f"{pages.GENERATED_FOLDER}/{c.slug}.md" for c in cases}
        listings = [name for name in files if name.endswith(".md") and name not in case_pages]
        ok, output = site_split.build_in_parts(root, CONFIG_FILE, [c.slug for c in cases], new_site, parts, listings)
        output = mkdocs_story(output)
        timings["mkdocs"] = time.perf_counter() - started
        if not ok:
            shutil.rmtree(new_site, ignore_errors=True)
            return BuildResult(
                False,
                problems,
                "mkdocs build --strict is mislukt; de vorige site en de "
                "vorige gegenereerde pagina's zijn niet veranderd.\n" + output,
            )
        # The site's own search index (Pagefind), built on the finished HTML before the site is swapped in.
        started = time.perf_counter()
        try:
            static_search.build_index(new_site, pages.listing_pages(load_vocabulary().roles), search_engine)
        except static_search.StaticSearchError as error:
            shutil.rmtree(new_site, ignore_errors=True)
            return BuildResult(False, problems, f"{error}\nDe vorige site is niet veranderd.")
        timings["search"] = time.perf_counter() - started
        # Each page's Content-Security-Policy: a <meta> in the page and the manifest the server reads.
        try:
            page_security.protect_site(new_site)
        except page_security.PageSecurityError as error:
            shutil.rmtree(new_site, ignore_errors=True)
            return BuildResult(False, problems, f"Beveiligingsregels toevoegen mislukt: {error}")
        generations.swap_in(where, new_site)
    generations.clean_up(where)
    return None
