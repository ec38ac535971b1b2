"""`python -m search pages [--cases DIR] [--build] [--site-dir DIR]`: generate the site pages, optionally build."""

import sys
from pathlib import Path

from .. import config
from ..cli import UsageError
from ..site import publish
from ..site.build import build

EPILOG = """voorbeelden:
  python -m search pages                      maak de pagina's in docs/praktijkvoorbeelden/
  python -m search pages --build              en bouw daarna de hele site in site/
  python -m search pages --build --site-dir /tmp/site
  python -m search pages --build --site-url https://voorbeeld.github.io/kennisbank/

Eerst worden alle praktijkvoorbeelden gecontroleerd. Bij een fout wordt er niets geschreven en blijven de
vorige pagina's en de vorige site staan. Dit is wat 'make site' doet."""


def add_arguments(parser):
    parser.add_argument(
        "--cases",
        metavar="MAP",
        action="append",
        help="map of bestand met praktijkvoorbeelden (standaard: cases/); mag vaker",
    )
    parser.add_argument("--build", action="store_true", help="bouw daarna de site met mkdocs build --strict")
    parser.add_argument("--site-dir", metavar="MAP", help=f"waar de site komt (standaard: {config.SITE_DIR.name}/)")
    parser.add_argument(
        "--site-url",
        metavar="ADRES",
        help="het adres waar de site komt te staan, ook onder een pad (standaard: $SITE_URL, anders site_url in "
        "mkdocs.yml); bijvoorbeeld https://voorbeeld.github.io/kennisbank/",
    )
    parser.add_argument(
        "--search-url",
        metavar="ADRES",
        help="adres van het zoeken voor onderzoekers (standaard: $SEARCH_URL); zonder adres linkt de site er "
        "niet naar. /zoeken/ als 'python -m search serve' de site zelf serveert",
    )


def run(args) -> int:
    for path in args.cases or []:
        if not Path(path).exists():
            raise UsageError(f"de map of het bestand '{path}' bestaat niet. Geef bij --cases een bestaande map.")
    if args.site_dir and not args.build:
        raise UsageError("--site-dir werkt alleen samen met --build.")
    site_dir = Path(args.site_dir or config.SITE_DIR) if args.build else None
    site_url, search_url = publish.from_environment()
    result = build(
        args.cases or None,
        site_dir=site_dir,
        site_url=args.site_url or site_url,
        search_url=args.search_url or search_url,
    )
    for problem in result.problems:
        print(
            ("" if problem.is_error else "info: ") + str(problem), file=sys.stderr if problem.is_error else sys.stdout
        )
    if not result.ok:
        print(result.message, file=sys.stderr)
        return 1
    generated = len(result.files)
    print(f"pages: {result.case_count} praktijkvoorbeelden, {generated} bestanden gemaakt in docs/.")
    if site_dir is not None:
        print(f"pages: site gebouwd in {site_dir}/.")
    return 0
