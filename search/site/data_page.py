"""The page "Open data voor onderzoekers": what to download, the version and its changes, how to cite, the
licence, and every column of every table (read from the same column list as the Table Schemas)."""

from .. import config
from ..content.vocabulary import Vocabulary
from .data_package import DESCRIPTOR, FOLDER, ZIP_NAME, OpenData
from .data_schema import TABLES, Column, Table, allowed_values
from .pages import case_link, dutch_date, escape, front_matter, place_name

TITLE = "Open data voor onderzoekers"
TYPE_NAMES = {"string": "tekst", "integer": "geheel getal", "number": "getal"}


def size_text(size: int) -> str:
    return f"{max(1, round(size / 1000))} kB"


def column_explanation(column: Column, vocabulary: Vocabulary) -> str:
    text = escape(column.description)
    closed = column.enum or column.list_of
    if closed:
        labels = {
            "roles": {rid: role["label"] for rid, role in vocabulary.roles.items()},
            "provinces": vocabulary.provinces,
            "arrangements": vocabulary.arrangements,
            "themes": vocabulary.themes,
        }.get(closed, {})
        shown = [
            f"`{v}`" + (f" ({escape(labels[v])})" if v in labels else "") for v in allowed_values(closed, vocabulary)
        ]
        text += (" Een of meer van: " if column.list_of else " Een van: ") + ", ".join(shown) + "."
    return text


def columns_list(table_def: Table, vocabulary: Vocabulary) -> str:
    """One line per column (a list, not a table: it reads on a phone without scrolling sideways)."""
    return "\n".join(
        f"- `{column.name}` ({TYPE_NAMES[column.type]}{', altijd ingevuld' if column.required else ''}): "
        + column_explanation(column, vocabulary)
        for column in table_def.columns
    )


def version_text(data: OpenData) -> str:
    release = data.version.release
    if data.version.matches:
        return f"Dit is versie **{release.version}** van {dutch_date(release.date)}."
    return (
        f"Deze gegevens zijn veranderd na versie **{release.version}** van {dutch_date(release.date)} en hebben nog "
        f"geen eigen versienummer. Daarom heten ze **{escape(data.version.version)}**. Citeer liever een versie "
        "met een eigen nummer."
    )


def changelog_part(data: OpenData, entries) -> list[str]:
    by_slug = {e.case.slug: e for e in entries}
    parts = []
    for release in data.releases:
        parts.append(f"### Versie {release.version} ({dutch_date(release.date)})\n")
        lines = [f"- {escape(change)}" for change in release.changes]
        if release.added:
            names = [
                case_link(by_slug[slug], place_name(by_slug[slug].case.meta) or None)
                if slug in by_slug
                else escape(slug)
                for slug in release.added
            ]
            lines.append(f"- Nieuw ({len(release.added)}): " + ", ".join(names) + ".")
        if release.removed:
            lines.append(f"- Weg ({len(release.removed)}): " + ", ".join(escape(s) for s in release.removed) + ".")
        parts.append("\n".join(lines) + "\n")
    return parts


def data_page(data: OpenData, entries, vocabulary: Vocabulary) -> str:
    descriptor = data.descriptor
    sizes = {r["path"]: r["bytes"] for r in descriptor["resources"]}
    counts = {t.file: len(data.rows[t.name]) for t in TABLES}
    licence = descriptor["licenses"][0]
    code_licence = descriptor["code_license"]
    downloads = [
        f"- [Alles in één zip-bestand]({FOLDER}/{ZIP_NAME}) ({size_text(len(data.zip_bytes))}): de drie tabellen en "
        "de beschrijving.",
        *(
            f"- [{t.file}]({FOLDER}/{t.file}) ({size_text(sizes[t.file])}): {escape(t.title[0].lower() + t.title[1:])}, "
            f"{counts[t.file]} rijen."
            for t in TABLES
        ),
        f"- [{DESCRIPTOR}]({FOLDER}/{DESCRIPTOR}): de beschrijving van de tabellen en hun kolommen.",
    ]
    parts = [
        front_matter(
            {
                "title": TITLE,
                "description": "Alle praktijkvoorbeelden als open data: tabellen met uitleg, versie, licentie en "
                "hoe u de gegevens citeert.",
            }
        ),
        f"# {TITLE}\n",
        "Alle praktijkvoorbeelden staan ook in tabellen. U kunt ze gebruiken in een spreadsheet, in R of in "
        "Python. De belangrijkste tabel geeft per gemeente en per periode de rol van MEE, met de zin uit de bron "
        "en de link naar die bron. " + version_text(data) + "\n",
        "## Downloaden\n",
        "\n".join(downloads) + "\n",
        "De tabellen zijn CSV-bestanden in UTF-8. De beschrijving volgt de standaard *Frictionless Data Package*: "
        "per kolom de soort, of hij altijd is ingevuld en welke waarden mogen. Programma's kunnen de tabellen "
        "daarmee controleren en goed inlezen. Wilt u de voorbeelden alleen in een spreadsheet bekijken? Neem dan "
        "[cases.csv voor spreadsheets](cases.csv): daarin leest Excel de letters met accenten goed.\n",
        "## Is mijn download nog dezelfde?\n",
        "Elke versie heeft een nummer: het jaar, de maand en een volgnummer. Komt er een voorbeeld bij, of "
        "verandert een rol of een periode, dan krijgen de gegevens een nieuw nummer. Het nummer staat in "
        f"{DESCRIPTOR} bij *version*. Daar staat per tabel ook een controlegetal (*hash*, sha256). Is dat "
        "getal gelijk, dan is de tabel precies dezelfde.\n",
        "## Zo noemt u de bron\n",
        "Gebruikt u de gegevens in een onderzoek of artikel? Noem de bron dan zo:\n",
        f"> {escape(descriptor['citation'])}\n",
        "In de broncode staat dezelfde bronvermelding in het bestand CITATION.cff.\n",
        "## Licentie\n",
        f"U mag de teksten en de gegevens gebruiken, bewerken en delen, ook voor andere doelen, als u de bron "
        f"noemt. Dat regelt de licentie [{escape(licence['title'])} ({licence['name']})]({licence['path']}). "
        f"De code van de kennisbank valt onder de [{escape(code_licence['title'])}]({code_licence['path']}).\n",
        "## Inlezen\n",
        "Pak het zip-bestand uit. Met Python (pandas) leest u de tabel met de rollen zo in:\n",
        "```python\nimport pandas as pd; rollen = pd.read_csv(\"municipality_roles.csv\")\n```\n",
        "Met R (pakket frictionless) zo:\n",
        '```r\nrollen <- frictionless::read_resource(frictionless::read_package("datapackage.json"), '
        '"municipality_roles")\n```\n',
        "Draait u de kennisbank zelf, met `make serve`? Dan geeft het adres `/api/cases` dezelfde kolommen als "
        "cases.csv, als JSON, per pagina.\n",
        "## Versies\n",
        *changelog_part(data, entries),
        "## Wat staat er in de tabellen?\n",
    ]
    for table_def in TABLES:
        key = ", ".join(f"`{name}`" for name in table_def.primary_key)
        parts += [
            f"### {escape(table_def.title)} ({table_def.file})\n",
            f"{escape(table_def.description)} Elke rij is uniek door {key}.\n",
            columns_list(table_def, vocabulary) + "\n",
        ]
    parts.append(
        f"Meer over de voorbeelden en de broncode: [{escape(config.REPOSITORY_URL)}]({config.REPOSITORY_URL}). "
        "[Terug naar alle praktijkvoorbeelden](index.md)\n"
    )
    return "\n".join(parts)
