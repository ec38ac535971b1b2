"""`python -m search query "TEXT"`: search the index from the command line, as text, JSON or CSV."""

import csv
import html
import json
import os
import re
import sys
from pathlib import Path

from .. import config
from ..cli import UsageError, whole_number

FORMATS = ("text", "json", "csv")
MARK = re.compile(r"</?mark>")

EPILOG = f"""Gewoon typen werkt altijd: wat u intypt geeft nooit een foutmelding. Alle woorden moeten
voorkomen; vindt dat niets, dan zoekt het op één of meer van de woorden.
Woorden worden herkend in elke vorm: 'ondersteuning' vindt ook 'cliëntondersteuning' en
'ondersteuners', 'client' vindt ook 'cliënt', 'wijkteam' vindt ook 'buurtteam' en 'gebiedsteam'.
'MEE' is de organisatie; 'doet mee' telt niet mee.

Voor gevorderden:
  wijkteam AND jeugd          beide woorden (standaard)
  wijkteam OR buurtteam       één van beide
  wijkteam NOT Amsterdam      zonder dat woord
  "warme overdracht"          precies deze woorden na elkaar
  onderst*                    woorden die zo beginnen (minstens {config.QUERY_MIN_PREFIX} letters voor de *; de \
{config.QUERY_PREFIX_MAX_TERMS} die
                              het vaakst voorkomen tellen mee)
  gemeente:Zeist              in een veld; velden: titel, kop, tekst, gemeente, provincie,
                              rol, thema, jaar, soort (case of page)
  (wijkteam OR buurtteam) AND rol:generalist

voorbeelden:
  python -m search query "ondersteuningsplan"
  python -m search query "warme overdracht" --format json
  python -m search query wijkteam --role generalist --year 2015 --limit 5
  python -m search query "MEE" --format csv > resultaten.csv

Uitvoer: per praktijkvoorbeeld de beste secties eerst, met score en een stukje tekst.
Exit-code 0 (ook zonder resultaten), 2 bij een verkeerde optie of als de index ontbreekt."""


def add_arguments(parser):
    parser.add_argument("text", metavar="TEKST", help="waar u naar zoekt")
    parser.add_argument(
        "--index", default=str(config.INDEX_DIR), metavar="MAP", help="de index (standaard: build/index)"
    )
    parser.add_argument("--role", metavar="ROL", help="alleen deze rol van MEE (id, bijvoorbeeld generalist)")
    parser.add_argument("--province", metavar="PROVINCIE", help="alleen deze provincie (id, bijvoorbeeld utrecht)")
    parser.add_argument("--municipality", metavar="GEMEENTE", help="alleen deze gemeente")
    parser.add_argument("--theme", metavar="THEMA", help="alleen dit thema (id, bijvoorbeeld wijkteam)")
    parser.add_argument("--year", metavar="JAAR", help="alleen cases die in dit jaar liepen")
    parser.add_argument(
        "--limit", default="10", metavar="N", help="hoeveel praktijkvoorbeelden of pagina's (standaard 10)"
    )
    parser.add_argument(
        "--sort",
        default="relevance",
        choices=("relevance", "year", "municipality"),
        help="volgorde: relevance (standaard), year (nieuwste eerst), municipality (A–Z)",
    )
    parser.add_argument("--format", default="text", choices=FORMATS, help="uitvoer: text (standaard), json of csv")


def checked_filters(args):
    from ..content.vocabulary import load_vocabulary
    from ..engine.query import Filters

    vocabulary = load_vocabulary()
    for name, allowed in (("role", vocabulary.roles), ("province", vocabulary.provinces), ("theme", vocabulary.themes)):
        value = getattr(args, name)
        if value is not None and value not in allowed:
            raise UsageError(f"'{value}' is geen geldige waarde voor --{name}. Kies uit: {', '.join(allowed)}.")
    year = None
    if args.year is not None:
        if not re.fullmatch(r"\d{4}", args.year.strip()):
            raise UsageError(
                f"--year verwacht een jaartal van vier cijfers, bijvoorbeeld --year 2014 (niet '{args.year}')."
            )
        year = int(args.year)
    return Filters(role=args.role, province=args.province, municipality=args.municipality, theme=args.theme, year=year)


def run(args) -> int:
    filters, limit = checked_filters(args), whole_number(args.limit, "--limit", 1, config.WEB_EXPORT_LIMIT)
    from ..engine.query import IndexMissing, SearchEngine

    if not Path(args.index).is_symlink():
        raise UsageError(
            f"er is geen zoekindex in {args.index}. Bouw die eerst met: python build_index.py"
            + ("" if Path(args.index) == config.INDEX_DIR else f" --index {args.index}")
        )
    engine = SearchEngine(args.index)
    try:
        if args.format == "text":
            results = engine.search(args.text, filters, page=1, page_size=limit, sort=args.sort)
        else:
            results = engine.export(args.text, filters, sort=args.sort, limit=limit)
    except IndexMissing as error:
        raise UsageError(str(error)) from None
    try:
        write(results, args.format)
        sys.stdout.flush()
    except BrokenPipeError:  # output piped into `head`: stop quietly
        sys.stdout = open(os.devnull, "w")
    return 0


def write(results, output_format: str) -> None:
    """Text, or rows streamed as they are made (JSON, CSV) up to config.EXPORT_MAX_ROWS; what a bound changed
    goes to stderr there, so the data stays clean."""
    from ..engine.query import RowStream
    from ..web.export import COLUMNS

    if output_format == "text":
        print_text(results)
        return
    for notice in results.matches.notices:
        print(f"let op: {notice}", file=sys.stderr)
    rows = RowStream(results.groups(), config.EXPORT_MAX_ROWS)
    if output_format == "json":
        sys.stdout.write("[")
        for number, row in enumerate(rows):
            sys.stdout.write(("," if number else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        sys.stdout.write("\n]\n" if rows.count else "]\n")
    else:
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    if rows.cut or results.cut:
        print(
            f"let op: niet alles is uitgevoerd; de grens is {results.limit} praktijkvoorbeelden en "
            f"{config.EXPORT_MAX_ROWS} rijen. Maak de zoekvraag preciezer of kies een filter.",
            file=sys.stderr,
        )


def plain(snippet: str) -> str:
    """A snippet for the terminal: marks become [[…]], HTML entities become characters again."""
    return html.unescape(MARK.sub(lambda m: "]]" if m.group(0) == "</mark>" else "[[", snippet))


def print_text(results) -> None:
    if results.timed_out:
        print("Let op: het zoeken duurde te lang; dit zijn de resultaten tot dan toe.")
    for notice in results.notices:
        print(f"Let op: {notice}")
    if not results.groups:
        print(f"Geen resultaten voor '{results.query}'.")
        if results.suggestion:
            print(f"Bedoelde u: {results.suggestion} ?")
        return
    print(
        f"{results.total_groups} praktijkvoorbeelden en pagina's, {results.total_hits} secties voor "
        f"'{results.query}'. Gevonden woorden staan tussen [[ ]]."
    )
    if not results.all_words:
        print("Geen sectie bevat al deze woorden samen; hieronder secties met een deel ervan.")
    if results.suggestion:
        print(f"Bedoelde u: {results.suggestion} ?")
    for number, group in enumerate(results.groups, start=1):
        kind = "pagina" if group.kind == "page" else (group.role_label or "rol onbekend")
        print(f"\n{number}. {group.title}  [{kind}]  score {group.score:.2f}")
        for hit in group.hits:
            print(f"   - {hit.section or '(begin)'}  ({hit.score:.2f})  {hit.url}")
            print(f"     {plain(hit.snippet)}")
    print_facets(results.facets)


def print_facets(facets) -> None:
    names = {"role": "Rol van MEE", "province": "Provincie", "theme": "Thema"}
    lines = []
    for name, label in names.items():
        values = facets.get(name) or []
        if values:
            lines.append(f"  {label}: " + ", ".join(f"{v.label} ({v.count})" for v in values))
    if lines:
        print("\nAantal praktijkvoorbeelden per:")
        print("\n".join(lines))
