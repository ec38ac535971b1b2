"""`python -m search index` (and `python build_index.py`): build the search index aside, check it, swap it in."""

import sys
from pathlib import Path

from .. import config
from ..cli import UsageError

EPILOG = """voorbeelden:
  python build_index.py                          alle cases en pagina's, index in build/index
  python build_index.py --incremental            alleen gewijzigde cases opnieuw
  python build_index.py --cases tests/fixtures/search/cases --index /tmp/index

De nieuwe index wordt apart gebouwd en gecontroleerd; pas daarna vervangt hij de oude.
Gaat er iets mis (een fout in een case, een crash), dan blijft de oude index gewoon werken."""


def add_arguments(parser):
    parser.add_argument(
        "--cases", default=str(config.CASES_DIR), metavar="MAP", help="map met praktijkvoorbeelden (standaard: cases/)"
    )
    parser.add_argument(
        "--docs", default=str(config.DOCS_DIR), metavar="MAP", help="map met sitepagina's (standaard: docs/)"
    )
    parser.add_argument(
        "--index", default=str(config.INDEX_DIR), metavar="MAP", help="waar de index komt (standaard: build/index)"
    )
    parser.add_argument(
        "--incremental", action="store_true", help="werk alleen gewijzigde, nieuwe en verwijderde bestanden bij"
    )
    parser.add_argument("--quiet", action="store_true", help="geen voortgang en samenvatting")


def run(args) -> int:
    from ..engine.store import BuildFailed, build

    cases = Path(args.cases)
    if not cases.is_dir():
        raise UsageError(f"de map met cases '{cases}' bestaat niet. Geef een bestaande map op met --cases.")
    try:
        report = build(
            cases_dir=cases,
            docs_dir=Path(args.docs),
            index_dir=Path(args.index),
            incremental=args.incremental,
            show_progress=not args.quiet and sys.stderr.isatty(),
        )
    except BuildFailed as failure:
        for line in failure.lines:
            print(line, file=sys.stderr)
        return failure.exit_code
    if not args.quiet:
        if report.mode == "ongewijzigd":
            print(f"index: niets veranderd ({report.documents} secties uit {report.sources} bronnen).")
        else:
            extra = f", {report.changed} bijgewerkt, {report.removed} verwijderd" if report.mode == "bijgewerkt" else ""
            print(
                f"index {report.mode}: {report.documents} secties uit {report.sources} bronnen{extra} "
                f"in {report.seconds:.1f} s → {args.index}"
            )
    return 0
