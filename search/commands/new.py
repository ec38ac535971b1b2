"""`python -m search new "Gemeente"`: write a fresh case file to fill in, and say what to do next."""

import sys
from pathlib import Path

from .. import config
from ..cli import UsageError
from ..content import scaffold
from ..content.validate import SLUG_PATTERN, nearest
from ..content.vocabulary import load_vocabulary
from ..problems import display_path

EPILOG = """voorbeelden:
  python -m search new Zeist
  python -m search new "Súdwest-Fryslân" --title "Het Gesprek in Súdwest-Fryslân" --province fryslan
  python -m search new Amsterdam --slug amsterdam-noord     tweede voorbeeld in dezelfde gemeente

Het nieuwe bestand komt in cases/. Een bestaand bestand wordt nooit overschreven.
Uitleg: CONTRIBUTING.md#nieuw-praktijkvoorbeeld"""


def add_arguments(parser):
    parser.add_argument("municipality", metavar="GEMEENTE", help="naam van de gemeente, bijvoorbeeld Zeist")
    parser.add_argument("--title", default="", help="titel van de pagina (kunt u ook later invullen)")
    parser.add_argument("--province", default="", help="provincie-id uit cases/vocabulary.yml, bijvoorbeeld utrecht")
    parser.add_argument("--slug", default="", help="bestandsnaam zonder .md (standaard: afgeleid van de gemeente)")
    parser.add_argument(
        "--cases-dir",
        type=Path,
        default=config.CASES_DIR,
        metavar="MAP",
        help="map voor het nieuwe bestand (standaard: cases/)",
    )


def run(args) -> int:
    municipality = args.municipality.strip()
    if not municipality:
        raise UsageError("geef de naam van een gemeente, bijvoorbeeld: python -m search new Zeist")
    slug = args.slug or scaffold.slugify(municipality)
    if not slug or not SLUG_PATTERN.match(slug):
        raise UsageError(
            f"'{args.slug or municipality}' geeft geen bruikbare bestandsnaam. "
            "Geef er zelf een met --slug, alleen kleine letters, cijfers en streepjes, "
            "bijvoorbeeld: --slug zeist"
        )
    provinces = load_vocabulary().provinces
    if args.province and args.province not in provinces:
        suggestion = nearest(args.province, provinces)
        raise UsageError(
            f"'{args.province}' is geen bekende provincie"
            + (f"; bedoelt u '{suggestion}'?" if suggestion else ".")
            + f" Toegestaan: {', '.join(provinces)}"
        )
    if not args.cases_dir.is_dir():
        raise UsageError(f"de map '{args.cases_dir}' bestaat niet.")
    plan = scaffold.make_scaffold(municipality, args.cases_dir, title=args.title, province=args.province, slug=slug)
    shown = display_path(plan.path)
    try:
        scaffold.write_scaffold(plan)
    except FileExistsError:
        print(
            f"fout: {shown} bestaat al; er is niets veranderd. Wilt u dat voorbeeld verbeteren? Open dan "
            f"{shown}. Is het een ander voorbeeld in dezelfde gemeente? Kies een eigen naam met --slug, "
            f"bijvoorbeeld --slug {plan.slug}-2. (uitleg: {config.GUIDE}#nieuw-praktijkvoorbeeld)",
            file=sys.stderr,
        )
        return 1
    print(
        f"Nieuw praktijkvoorbeeld gemaakt: {shown}\n\n"
        "Zo gaat u verder:\n"
        f"  1. Open {shown} en vul bovenaan elk veld in. Achter elk veld staat na een # wat erin hoort.\n"
        "  2. Vervang onder elk kopje de regel '(Vul in: …)' door uw eigen tekst.\n"
        "     Schrijf in eigen woorden, zonder namen van personen of contactgegevens.\n"
        f"  3. Controleer het bestand: python -m search check {shown}\n"
        "     Elke melding noemt de regel en wat u kunt schrijven. Herhaal tot er niets meer gemeld wordt.\n"
        "  4. Stuur het in via een pull request. De controles draaien dan vanzelf.\n\n"
        f"Uitleg: {config.GUIDE}#nieuw-praktijkvoorbeeld"
    )
    return 0
