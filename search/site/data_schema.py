"""The columns of the open-data tables, described once: name, type, whether it is required, and a Dutch
explanation. `table_schemas()` turns them into Frictionless Table Schemas at build time, with the closed
lists (roles, provinces, themes, arrangements) read from cases/vocabulary.yml and the bounds (years,
patterns, coordinates) read from cases/schema.json, so neither is written a second time here.

The same column list is the header of the spreadsheet download (`downloads.py`) and the shape of
`/api/cases` (search/web).
"""

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import config
from ..content.vocabulary import Vocabulary

LIST_SEPARATOR = "; "  # joins a list inside one cell (municipalities, themes, …)
# Who decided the role a row shows: the editors (a dated role history, or a pin with a reason) or the
# classifier reading the case text (search/roles/classifier.py CaseRole.decided_by).
DECIDED_BY = ("redactie", "classificatie")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer or number
    description: str
    required: bool = False
    enum: str = ""  # a vocabulary list whose ids (or labels) are the allowed values: roles, role_labels, …
    list_of: str = ""  # the cell is a LIST_SEPARATOR-joined list of ids from this vocabulary list
    rules_from: tuple = ()  # path of the front-matter field in cases/schema.json whose bounds apply


CASE_COLUMNS = (
    Column(
        "slug",
        "string",
        "Korte naam van het voorbeeld. Ook het laatste deel van het adres van de pagina. "
        "Uniek: de sleutel van deze tabel.",
        True,
        rules_from=("slug",),
    ),
    Column("title", "string", "Titel van het praktijkvoorbeeld.", True, rules_from=("title",)),
    Column("programme", "string", "Naam van de pilot of het programma.", True, rules_from=("programme",)),
    Column(
        "municipalities",
        "string",
        "Gemeenten die meedoen, gescheiden door '; '. De rol per gemeente staat in municipality_roles.csv.",
        True,
    ),
    Column("region", "string", "Regio waar de gemeenten bij horen.", True, rules_from=("region",)),
    Column("province", "string", "Provincie (code).", True, enum="provinces"),
    Column(
        "mee_organisation",
        "string",
        "Naam van de MEE-organisatie, of 'onbekend'.",
        True,
        rules_from=("mee_organisation",),
    ),
    Column("period_start", "integer", "Eerste jaar van het voorbeeld.", True, rules_from=("period", "start")),
    Column(
        "period_end",
        "integer",
        "Laatste jaar van het voorbeeld. Leeg: loopt nog of niet bekend.",
        rules_from=("period", "end"),
    ),
    Column(
        "revisited",
        "string",
        "Datum van het vervolgonderzoek: JJJJ, JJJJ-MM of JJJJ-MM-DD. Leeg: geen vervolgonderzoek.",
        rules_from=("revisited",),
    ),
    Column("summary", "string", "Samenvatting, hoogstens 300 tekens.", True, rules_from=("summary",)),
    Column("themes", "string", "Thema's (codes), gescheiden door '; '.", True, list_of="themes"),
    Column("gaps", "string", "Vragen die de bronnen nog niet beantwoorden, gescheiden door '; '."),
    Column(
        "source_titles",
        "string",
        "Titels van de bronnen, gescheiden door '; '. Eén bron per rij staat in sources.csv.",
        True,
    ),
    Column("source_urls", "string", "Links naar de bronnen, in dezelfde volgorde, gescheiden door '; '.", True),
    Column("lat", "number", "Breedtegraad van de plaats op de kaart.", rules_from=("coordinates", "lat")),
    Column("lon", "number", "Lengtegraad van de plaats op de kaart.", rules_from=("coordinates", "lon")),
    Column("role", "string", "Laatst bekende rol van MEE (code).", True, enum="roles"),
    Column("role_label", "string", "Dezelfde rol, zoals de site hem noemt.", True, enum="role_labels"),
    Column(
        "role_decided_by",
        "string",
        "Wie de rol bepaalde: 'redactie' (een bron met jaar, of een keuze van de "
        "redactie met reden) of 'classificatie' (de computer las de rol uit de tekst).",
        True,
        enum="decided_by",
    ),
    Column(
        "role_reason",
        "string",
        "Waarom: wat de bron zegt, de reden van de redactie, of de zin waarop de classificatie zich baseerde.",
    ),
    Column(
        "role_year",
        "integer",
        "Jaar waarin de getoonde rol begon, of het jaar dat de tekst ervoor noemt. Leeg: onbekend.",
    ),
    Column(
        "role_2015",
        "string",
        "Rol van MEE in 2015 volgens de rolgeschiedenis (code). Leeg: geen bron zegt het.",
        enum="roles",
    ),
    Column(
        "role_history",
        "string",
        "De rol door de jaren heen, kort: 'beginjaar-eindjaar rol', gescheiden "
        "door '; '. Leeg eindjaar: de rol gold bij de laatste bron nog. Per gemeente en periode: "
        "municipality_roles.csv.",
    ),
    Column("arrangement", "string", "Soort afspraak tussen gemeente en MEE (code).", enum="arrangements"),
    Column("arrangement_year", "integer", "Jaar van die afspraak.", rules_from=("arrangement", "year")),
    Column("budget", "string", "Budget voor MEE, zoals de bron het noemt."),
    Column("clients", "integer", "Aantal cliënten, zoals de bron het noemt.", rules_from=("clients", "count")),
    Column("clients_year", "integer", "Jaar van dat aantal.", rules_from=("clients", "year")),
    Column("other_providers", "string", "Andere organisaties die cliëntondersteuning bieden, gescheiden door '; '."),
    Column("transition", "string", "Hoe de gemeente in 2015 omging met cliënten die al hulp van MEE kregen."),
    Column("organisation_today", "string", "De MEE-organisatie zoals die nu heet."),
    Column("organisation_today_url", "string", "Website van die organisatie."),
    Column("url", "string", "Adres van de pagina van het voorbeeld op de site.", True),
)

ROLE_COLUMNS = (
    Column("municipality", "string", "Gemeente.", True),
    Column("province", "string", "Provincie (code).", True, enum="provinces"),
    Column("case_slug", "string", "Het praktijkvoorbeeld (slug in cases.csv) waar deze rij uit komt.", True),
    Column(
        "period",
        "integer",
        "Nummer van de periode in de rolgeschiedenis van het voorbeeld, 1 = de oudste. "
        "1 als het voorbeeld geen rolgeschiedenis heeft.",
        True,
    ),
    Column("role", "string", "Rol van MEE in deze periode (code).", True, enum="roles"),
    Column("role_label", "string", "Dezelfde rol, zoals de site hem noemt.", True, enum="role_labels"),
    Column(
        "start_year",
        "integer",
        "Eerste jaar van de periode. Leeg: de rol heeft geen jaren (een keuze van de "
        "redactie zonder rolgeschiedenis, of de classificatie).",
        rules_from=("role_history", "start"),
    ),
    Column(
        "end_year",
        "integer",
        "Laatste jaar van de periode. Leeg: de rol gold bij de laatste bron nog, of het einde is niet bekend.",
        rules_from=("role_history", "end"),
    ),
    Column(
        "decided_by",
        "string",
        "Wie de rol bepaalde: 'redactie' of 'classificatie'. Met beginjaar: een periode "
        "uit de rolgeschiedenis, met bron. Zonder beginjaar en 'redactie': de redactie koos de rol zonder "
        "jaren. 'classificatie': de computer las de rol uit de tekst.",
        True,
        enum="decided_by",
    ),
    Column(
        "evidence",
        "string",
        "Wat de bron zegt over de rol, de reden van de redactie, of de zin waarop de classificatie zich baseerde.",
    ),
    Column(
        "source_url",
        "string",
        "Link naar de bron van deze periode (staat ook in sources.csv). Leeg zonder rolgeschiedenis.",
    ),
)

SOURCE_COLUMNS = (
    Column("case_slug", "string", "Het praktijkvoorbeeld (slug in cases.csv).", True),
    Column("number", "integer", "Volgnummer van de bron binnen het voorbeeld, 1 = de eerste.", True),
    Column("title", "string", "Titel van de bron.", True, rules_from=("sources", "title")),
    Column("publisher", "string", "Uitgever van de bron.", True, rules_from=("sources", "publisher")),
    Column(
        "date",
        "string",
        "Datum van de bron: JJJJ, JJJJ-MM of JJJJ-MM-DD. Leeg: de bron noemt geen datum.",
        rules_from=("sources", "date"),
    ),
    Column("url", "string", "Link naar de bron.", True, rules_from=("sources", "url")),
    Column(
        "read",
        "string",
        "Wat de redactie van de bron kon lezen, bijvoorbeeld 'begin van de pagina' of 'hele tekst'.",
        rules_from=("sources", "read"),
    ),
)


@dataclass(frozen=True)
class Table:
    name: str  # resource name in datapackage.json
    file: str  # CSV file name
    title: str
    description: str
    columns: tuple
    primary_key: tuple
    foreign_keys: tuple = ()  # ((fields, resource, reference fields), …)


TABLES = (
    Table(
        "cases",
        "cases.csv",
        "Praktijkvoorbeelden",
        "Eén rij per praktijkvoorbeeld: gemeenten, periode, samenvatting, de laatst bekende rol van MEE en de "
        "afspraken en cijfers die de bronnen noemen.",
        CASE_COLUMNS,
        ("slug",),
    ),
    Table(
        "municipality_roles",
        "municipality_roles.csv",
        "Rol van MEE per gemeente en periode",
        "Eén rij per gemeente per periode van de rolgeschiedenis: welke rol MEE had, van wanneer tot wanneer, "
        "wat de bron zegt en welke bron. Een voorbeeld zonder rolgeschiedenis geeft één rij per gemeente, "
        "zonder jaren.",
        ROLE_COLUMNS,
        ("case_slug", "municipality", "period"),
        # source_url is in sources.csv for the same case too, but a key over (case_slug, source_url) cannot
        # have an empty half (rows without a history), so tests/test_dataset.py checks that instead.
        ((("case_slug",), "cases", ("slug",)),),
    ),
    Table(
        "sources",
        "sources.csv",
        "Bronnen",
        "Eén rij per bron per praktijkvoorbeeld: titel, uitgever, datum, link en wat de redactie kon lezen.",
        SOURCE_COLUMNS,
        ("case_slug", "number"),
        ((("case_slug",), "cases", ("slug",)),),
    ),
)


@lru_cache(maxsize=2)
def front_matter_schema(path=config.SCHEMA_PATH) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def front_matter_rules(path: tuple) -> dict:
    """Table Schema constraints from the JSON Schema of one front-matter field (years, patterns, bounds)."""
    node = front_matter_schema()
    for number, name in enumerate(path):
        node = node["properties"][name]
        if node.get("type") == "array" and number < len(path) - 1:
            node = node["items"]  # a field of each item of a list (sources, role_history)
    rules = {key: node[key] for key in ("minimum", "maximum", "minLength", "maxLength") if key in node}
    if "pattern" in node:
        rules["pattern"] = full_match_pattern(node["pattern"])
    return rules


def full_match_pattern(pattern: str) -> str:
    """A JSON Schema pattern (searched) as a Table Schema pattern (matched against the whole value)."""
    if pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[1:-1]
    return f".*(?:{pattern}).*"


def allowed_values(name: str, vocabulary: Vocabulary) -> list[str]:
    """The closed list behind an `enum` or `list_of`, read from the vocabulary (decided_by from the classifier)."""
    if name == "roles":
        return list(vocabulary.roles)
    if name == "role_labels":
        return [role["label"] for role in vocabulary.roles.values()]
    if name == "decided_by":
        return list(DECIDED_BY)
    return list(getattr(vocabulary, name))


def list_pattern(values: list[str]) -> str:
    """A pattern for a cell that holds one or more of `values`, joined by LIST_SEPARATOR."""
    one = "(?:" + "|".join(re.escape(v) for v in values) + ")"
    return f"{one}(?:{re.escape(LIST_SEPARATOR)}{one})*"


def field_schema(column: Column, vocabulary: Vocabulary) -> dict:
    constraints = front_matter_rules(column.rules_from) if column.rules_from else {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = allowed_values(column.enum, vocabulary)
    if column.list_of:
        constraints["pattern"] = list_pattern(allowed_values(column.list_of, vocabulary))
    field = {"name": column.name, "type": column.type, "description": column.description}
    if constraints:
        field["constraints"] = dict(sorted(constraints.items()))
    return field


def table_schema(table: Table, vocabulary: Vocabulary) -> dict:
    schema = {
        "fields": [field_schema(c, vocabulary) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(fields), "reference": {"resource": resource, "fields": list(reference)}}
            for fields, resource, reference in table.foreign_keys
        ]
    return schema


def table_named(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)
