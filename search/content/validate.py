"""Rules for case files. Every rule returns Problems; none raises for a content mistake.

`check(paths)` reads and checks case files and returns all problems at once, sorted by file and line.
"""

import difflib
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import yaml
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from .. import config
from ..parallel import map_in_order
from ..problems import Problem
from .body import HEADING, body_lines
from .cases import Case, case_files, load_cases, read_case
from .history import FIRST_YEAR, overlaps, period_label, periods_of
from .vocabulary import load_vocabulary

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Raw HTML in the body. Markdown autolinks (<https://…>) are allowed, everything tag-like is not.
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?\s*>|<!--")
AUTOLINK = re.compile(r"<(https?://|mailto:)[^<>\s]+>")
SCRIPT_TAG = re.compile(r"<\s*/?\s*script\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_LINK = re.compile(r"javascript\s*:", re.IGNORECASE)

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Dutch phone numbers: 0, +31 or 0031, then nine digits, with optional spaces, dashes or "(0)".
PHONE = re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){8}(?![\d])")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}\b")
# Nine digits, optionally grouped 3-2-2-2 with dots or spaces, not part of a longer number. The pattern
# starts with a plain digit and looks behind only there: about 7× faster than a leading lookbehind.
NINE_DIGITS = re.compile(r"\d(?<![\d.,]\d)\d{2}[. ]?\d{2}[. ]?\d{2}[. ]?\d{2}(?!\d)")

FIELD_EXAMPLES = {
    "slug": "slug: zeist",
    "title": 'title: "Het Gesprek in Zeist"',
    "programme": 'programme: "Het Gesprek"',
    "municipalities": "municipalities: [Zeist]",
    "region": "region: Utrecht-Midden",
    "province": "province: utrecht",
    "mee_organisation": 'mee_organisation: "MEE Utrecht, Gooi & Vecht"   (of: onbekend)',
    "period": "period: {start: 2013, end: 2014}",
    "revisited": "revisited: 2014-06",
    "summary": 'summary: "Eén of twee zinnen, hoogstens 300 tekens."',
    "themes": "themes: [vraagverheldering, wijkteam]",
    "sources": (
        'sources: [{title: "Titel van de bron", publisher: Movisie, date: 2014-12-15, url: https://www.movisie.nl/…}]'
    ),
    "gaps": 'gaps: ["Welke rol heeft MEE in 2015?"]',
    "coordinates": "coordinates: {lat: 52.09, lon: 5.23}",
    "mee_role": 'mee_role: generalist, met daaronder mee_role_reason: "Uit het raadsbesluit van 2015 blijkt …"',
    "mee_role_reason": 'mee_role_reason: "Waarom de redactie deze rol kiest."',
    "role_history": (
        "role_history: [{role: generalist, start: 2015, end: 2021, evidence: \"Wat de bron zegt.\", source: https://…}]"
    ),
    "arrangement": "arrangement: {kind: subsidie, year: 2015, source: https://…}",
    "budget": 'budget: {text: "80% van het budget", share_percent: 80, year: 2015, source: https://…}',
    "clients": "clients: {count: 2500, year: 2014, source: https://…}",
    "other_providers": 'other_providers: {names: ["Stichting X"], source: https://…}',
    "transition": 'transition: {text: "Wat er met lopende trajecten gebeurde.", source: https://…}',
    "later_changes": 'later_changes: [{year: 2021, text: "Wat er veranderde.", source: https://…}]',
    "organisation_today": "organisation_today: {name: MEE Plus, url: https://www.meeplus.nl}",
}


@lru_cache(maxsize=1)
def load_schema() -> dict:
    return json.loads(config.SCHEMA_PATH.read_text(encoding="utf-8"))


def example_for(field: str) -> str:
    example = FIELD_EXAMPLES.get(field)
    return f"schrijf bijvoorbeeld: {example}" if example else ""


# ---------------------------------------------------------------- line look-up in the front matter


def line_of(case: Case, location) -> int:
    """File line of the YAML node at a path such as ('sources', 0, 'url'); the nearest parent if absent."""
    node = case.front_matter_node
    line = 1
    if node is None:
        return line
    line = node.start_mark.line + 2
    for step in location:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == step), None)
            if match is None:
                return line
            key, node = match
            line = key.start_mark.line + 2
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 2
        else:
            return line
    return line


def duplicate_keys(case: Case) -> list[Problem]:
    problems = []

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if key.value in seen:
                    problems.append(
                        Problem(
                            case.path,
                            key.start_mark.line + 2,
                            f"Het veld '{key.value}' staat er twee keer.",
                            "Houd één van de twee over.",
                            field=str(key.value),
                        )
                    )
                seen.add(key.value)
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(case.front_matter_node)
    return problems


# ---------------------------------------------------------------- schema


@lru_cache(maxsize=1)
def schema_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema())


def schema_problems(case: Case) -> list[Problem]:
    validator = schema_validator()
    problems = []
    for error in sorted(validator.iter_errors(case.meta), key=lambda e: list(map(str, e.absolute_path))):
        problems.extend(describe_schema_error(case, error))
    return problems


def field_name(location) -> str:
    parts = []
    for step in location:
        parts.append(f"[{step + 1}]" if isinstance(step, int) else ("." if parts else "") + step)
    return "".join(parts) or "(bovenaan)"


def describe_schema_error(case: Case, error) -> list[Problem]:
    location = tuple(error.absolute_path)
    name = field_name(location)
    top_field = location[0] if location else ""
    line = line_of(case, location)
    kind = error.validator
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        missing_field = missing[0] if missing else "?"
        where = f" in {name}" if location else ""
        hint = example_for(missing_field if not location else top_field)
        return [
            Problem(
                case.path, line, f"Het verplichte veld '{missing_field}' ontbreekt{where}.", hint, field=missing_field
            )
        ]
    if kind == "additionalProperties":
        extras = re.findall(r"'([^']+)'", error.message.split("were unexpected")[0])
        allowed = list(error.schema.get("properties", {}))
        problems = []
        for extra in extras:
            near = difflib.get_close_matches(extra, allowed, n=1)
            hint = f"bedoelt u '{near[0]}'?" if near else f"toegestane velden: {', '.join(allowed)}"
            problems.append(
                Problem(
                    case.path,
                    line_of(case, location + (extra,)),
                    f"Onbekend veld '{extra}'" + (f" in {name}" if location else "") + ".",
                    hint,
                    field=extra,
                )
            )
        return problems
    if kind == "dependentRequired":
        needed = re.findall(r"'([^']+)' is a dependency of '([^']+)'", error.message)
        if needed:
            wanted, present = needed[0]
        else:
            wanted, present = "mee_role_reason", "mee_role"
        return [
            Problem(
                case.path,
                line_of(case, (present,)),
                f"Het veld '{present}' gaat alleen samen met '{wanted}'.",
                example_for("mee_role"),
                field=wanted,
                guide="rol-vaststellen",
            )
        ]
    if kind == "type":
        expected = {
            "string": "tekst",
            "array": "een lijst",
            "object": "een groep velden",
            "integer": "een heel getal",
            "number": "een getal",
        }
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        hint = example_for(top_field)
        if location and location[-1] in ("date", "revisited") and isinstance(error.instance, int):
            # YAML reads a bare year as a number; the schema wants the text the editor meant.
            hint = f'zet het jaar tussen aanhalingstekens: {location[-1]}: "{error.instance}"'
        return [
            Problem(
                case.path,
                line,
                f"Het veld '{name}' moet {expected.get(wanted, wanted)} zijn.",
                hint,
                field=str(top_field),
            )
        ]
    if kind in ("minLength", "minItems"):
        return [Problem(case.path, line, f"Het veld '{name}' is leeg.", example_for(top_field), field=str(top_field))]
    if kind == "maxLength":
        length = len(error.instance)
        return [
            Problem(
                case.path,
                line,
                f"Het veld '{name}' is te lang ({length} tekens; hoogstens {error.validator_value}).",
                "maak de tekst korter",
                field=str(top_field),
            )
        ]
    if kind == "pattern":
        if top_field == "slug":
            hint = "gebruik alleen kleine letters a–z, cijfers en streepjes, bijvoorbeeld: slug: parkstad-limburg"
        else:
            hint = "schrijf een datum als JJJJ, JJJJ-MM of JJJJ-MM-DD, bijvoorbeeld: 2014-12-15"
        return [
            Problem(
                case.path,
                line,
                f"De waarde van '{name}' heeft niet de goede vorm: {error.instance!r}.",
                hint,
                field=str(top_field),
            )
        ]
    if kind in ("minimum", "maximum"):
        return [
            Problem(
                case.path,
                line,
                f"De waarde van '{name}' ({error.instance}) ligt buiten het toegestane bereik.",
                example_for(top_field),
                field=str(top_field),
            )
        ]
    if kind == "uniqueItems":
        return [
            Problem(
                case.path,
                line,
                f"In '{name}' staat een waarde twee keer.",
                "houd elke waarde één keer over",
                field=str(top_field),
            )
        ]
    return [
        Problem(
            case.path,
            line,
            f"Het veld '{name}' klopt niet: {error.message}",
            example_for(top_field),
            field=str(top_field),
        )
    ]


# ---------------------------------------------------------------- vocabularies, slug, urls


def nearest(value: str, allowed) -> str:
    allowed = list(allowed)
    folded = {a.lower(): a for a in allowed}
    if str(value).lower() in folded:
        return folded[str(value).lower()]
    near = difflib.get_close_matches(str(value).lower(), list(folded), n=1, cutoff=0.5)
    return folded[near[0]] if near else ""


def vocabulary_problems(case: Case) -> list[Problem]:
    vocabulary = load_vocabulary()
    problems = []

    def check(value, allowed: dict, location, what: str, guide: str):
        # `what` carries its own adjective ending: "bekende provincie", "bekend thema"
        if not isinstance(value, str) or value in allowed:
            return
        suggestion = nearest(value, allowed)
        hint = (
            f"bedoelt u '{suggestion}'?" if suggestion else ""
        ) + f" Toegestaan: {', '.join(allowed)} (zie cases/vocabulary.yml)"
        problems.append(
            Problem(
                case.path,
                line_of(case, location),
                f"'{value}' is geen {what}.",
                hint.strip(),
                field=location[0],
                guide=guide,
            )
        )

    check(case.meta.get("province"), vocabulary.provinces, ("province",), "bekende provincie", "velden")
    themes = case.meta.get("themes")
    if isinstance(themes, list):
        for i, theme in enumerate(themes):
            check(theme, vocabulary.themes, ("themes", i), "bekend thema", "themas")
    check(case.meta.get("mee_role"), vocabulary.roles, ("mee_role",), "bekende rol van MEE", "rol-vaststellen")
    history = case.meta.get("role_history")
    if isinstance(history, list):
        for i, period in enumerate(history):
            if isinstance(period, dict):
                check(
                    period.get("role"),
                    vocabulary.roles,
                    ("role_history", i, "role"),
                    "bekende rol van MEE",
                    "rolgeschiedenis",
                )
    arrangement = case.meta.get("arrangement")
    if isinstance(arrangement, dict):
        check(
            arrangement.get("kind"),
            vocabulary.arrangements,
            ("arrangement", "kind"),
            "bekende soort afspraak",
            "afspraken",
        )
    return problems


def slug_problems(case: Case) -> list[Problem]:
    problems = []
    stem = case.path.stem
    if not SLUG_PATTERN.match(stem):
        suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "naam-van-de-gemeente"
        problems.append(
            Problem(
                case.path,
                1,
                f"De bestandsnaam '{case.path.name}' mag alleen kleine letters, cijfers en streepjes bevatten.",
                f"noem het bestand {suggestion}.md",
                field="slug",
                guide="bestand",
            )
        )
    slug = case.meta.get("slug")
    if isinstance(slug, str) and SLUG_PATTERN.match(slug) and slug != stem:
        problems.append(
            Problem(
                case.path,
                line_of(case, ("slug",)),
                f"De slug '{slug}' is niet gelijk aan de bestandsnaam '{case.path.name}'.",
                f"schrijf slug: {stem}, of hernoem het bestand naar {slug}.md",
                field="slug",
                guide="bestand",
            )
        )
    return problems


def url_problems(case: Case) -> list[Problem]:
    problems = []
    sources = case.meta.get("sources")
    links = [
        (("sources", i, "url"), s.get("url"))
        for i, s in enumerate(sources if isinstance(sources, list) else [])
        if isinstance(s, dict)
    ]
    today = case.meta.get("organisation_today")
    if isinstance(today, dict):
        links.append((("organisation_today", "url"), today.get("url")))
    for location, url in links:
        if not isinstance(url, str) or not url:
            continue
        parsed = urlparse(url.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in url.strip():
            problems.append(
                Problem(
                    case.path,
                    line_of(case, location),
                    (
                        f"De link van bron {location[1] + 1}"
                        if location[0] == "sources"
                        else f"De link in '{field_name(location)}'"
                    )
                    + f" is geen geldig webadres: {url!r}.",
                    "schrijf een volledig adres dat begint met https:// (of http://)",
                    field=location[0],
                    guide="bronnen",
                )
            )
    return problems


# ---------------------------------------------------------------- role history and sourced facts

# Optional facts that name their source: (field, is a list)
SOURCED_FIELDS = (
    ("arrangement", False),
    ("budget", False),
    ("clients", False),
    ("other_providers", False),
    ("transition", False),
    ("later_changes", True),
)


def source_urls(case: Case) -> set:
    return {s.get("url") for s in case.meta.get("sources") or [] if isinstance(s, dict)}


def sourced_items(case: Case):
    """(location, item, guide) for every role period and optional fact that names a source."""
    history = case.meta.get("role_history")
    for i, period in enumerate(history if isinstance(history, list) else []):
        if isinstance(period, dict):
            yield ("role_history", i), period, "rolgeschiedenis"
    for name, many in SOURCED_FIELDS:
        value = case.meta.get(name)
        items = enumerate(value) if many and isinstance(value, list) else [(None, value)]
        for i, item in items:
            if isinstance(item, dict):
                yield ((name, i) if i is not None else (name,)), item, "afspraken"


def year_problems(case: Case, location, item: dict, guide: str) -> list[Problem]:
    """A role period lies between the preparation of the Wmo 2015 and this year; any other fact is not in the
    future (an agreement from 2008 is history worth keeping)."""
    this_year = date.today().year
    first = FIRST_YEAR if location[0] == "role_history" else 1990
    problems = []
    for key in ("start", "end", "year"):
        value = item.get(key)
        if isinstance(value, int) and not first <= value <= this_year:
            problems.append(
                Problem(
                    case.path,
                    line_of(case, location + (key,)),
                    f"Het jaar {value} in '{field_name(location + (key,))}' ligt niet tussen {first} en {this_year}.",
                    "schrijf het jaar dat de bron noemt; een jaar in de toekomst kan niet"
                    + (
                        ", een rol van MEE vóór de voorbereiding van de Wmo 2015 ook niet"
                        if first == FIRST_YEAR
                        else ""
                    ),
                    field=location[0],
                    guide=guide,
                )
            )
    start, end = item.get("start"), item.get("end")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        problems.append(
            Problem(
                case.path,
                line_of(case, location + ("end",)),
                f"In '{field_name(location)}' ligt het eindjaar ({end}) voor het beginjaar ({start}).",
                "draai de jaren om, of verbeter het jaar",
                field=location[0],
                guide=guide,
            )
        )
    return problems


def history_problems(case: Case) -> list[Problem]:
    """Every period and sourced fact names one of the case's sources and a year in range; periods do not
    overlap; a period's municipalities belong to the case; the editors' role comes from one place."""
    problems = []
    urls = source_urls(case)
    for location, item, guide in sourced_items(case):
        problems.extend(year_problems(case, location, item, guide))
        source = item.get("source")
        if isinstance(source, str) and source and source not in urls:
            problems.append(
                Problem(
                    case.path,
                    line_of(case, location + ("source",)),
                    f"De bron van '{field_name(location)}' staat niet bij 'sources': {source}.",
                    "gebruik precies de link (url) van een van de bronnen, of voeg de bron toe aan 'sources'",
                    field=location[0],
                    guide=guide,
                )
            )
    history = case.meta.get("role_history")
    if not isinstance(history, list):
        return problems
    municipalities = set(case.meta.get("municipalities") or [])
    for i, item in enumerate(history):
        if not isinstance(item, dict) or not isinstance(item.get("municipalities"), list):
            continue
        for name in item["municipalities"]:
            if isinstance(name, str) and name not in municipalities:
                problems.append(
                    Problem(
                        case.path,
                        line_of(case, ("role_history", i, "municipalities")),
                        f"De gemeente '{name}' in 'role_history[{i + 1}]' staat niet bij 'municipalities'.",
                        f"kies uit: {', '.join(sorted(municipalities))}",
                        field="role_history",
                        guide="rolgeschiedenis",
                    )
                )
    for i, item in enumerate(history):
        if isinstance(item, dict) and item.get("role") == "unknown":
            problems.append(
                Problem(
                    case.path,
                    line_of(case, ("role_history", i, "role")),
                    f"role_history[{i + 1}] heeft de rol 'unknown'.",
                    "een periode legt vast wat een bron over de rol zegt; zegt geen bron iets, laat de periode dan weg "
                    "en zet de vraag bij 'gaps'",
                    field="role_history",
                    guide="rolgeschiedenis",
                )
            )
    numbered = [(i, period) for i, item in enumerate(history) for period in periods_of({"role_history": [item]})]
    for a, (i, one) in enumerate(numbered):
        for j, two in numbered[a + 1 :]:
            if overlaps(one, two):
                problems.append(
                    Problem(
                        case.path,
                        line_of(case, ("role_history", j)),
                        f"De periodes role_history[{i + 1}] ({period_label(one)}) en role_history[{j + 1}] "
                        f"({period_label(two)}) lopen door elkaar.",
                        "laat een periode eindigen (end: JJJJ) in het jaar dat de volgende begint, of eerder",
                        field="role_history",
                        guide="rolgeschiedenis",
                    )
                )
    if "mee_role" in case.meta:
        problems.append(
            Problem(
                case.path,
                line_of(case, ("mee_role",)),
                "Er staat zowel 'mee_role' als 'role_history'.",
                "haal 'mee_role' en 'mee_role_reason' weg: de rol volgt uit de laatste periode van 'role_history'",
                field="mee_role",
                guide="rolgeschiedenis",
            )
        )
    return problems


# ---------------------------------------------------------------- body


def html_problems(case: Case) -> list[Problem]:
    problems = []
    for line, text, _ in body_lines(case.body, case.body_start_line):
        if SCRIPT_TAG.search(text):
            problems.append(
                Problem(
                    case.path,
                    line,
                    "De tekst bevat een <script>-blok.",
                    "haal het weg: scripts zijn niet toegestaan in praktijkvoorbeelden",
                    guide="niet-toegestaan",
                )
            )
            continue
        if JAVASCRIPT_LINK.search(text):
            problems.append(
                Problem(
                    case.path,
                    line,
                    "De tekst bevat een 'javascript:'-link.",
                    "gebruik een gewone link: [tekst](https://…)",
                    guide="niet-toegestaan",
                )
            )
        stripped = AUTOLINK.sub("", text)
        tag = HTML_TAG.search(stripped)
        if tag:
            if EVENT_HANDLER.search(tag.group(0)):
                message = f"De tekst bevat HTML met een event-handler: {tag.group(0)[:60]!r}."
            else:
                message = f"De tekst bevat HTML: {tag.group(0)[:60]!r}."
            problems.append(
                Problem(
                    case.path,
                    line,
                    message,
                    "schrijf gewone Markdown: **vet**, *schuin*, [linktekst](https://…), '- ' voor een opsomming",
                    guide="niet-toegestaan",
                )
            )
    return problems


def heading_problems(case: Case) -> list[Problem]:
    vocabulary = load_vocabulary()
    allowed = vocabulary.section_headings
    problems, seen = [], []
    for line, text, in_fence in body_lines(case.body, case.body_start_line):
        if in_fence:
            continue
        match = HEADING.match(text)
        if text.startswith("# ") and not text.startswith("##"):
            problems.append(
                Problem(
                    case.path,
                    line,
                    "Een kop van niveau 1 ('# …') is niet nodig.",
                    "de titel komt uit het veld 'title'; gebruik '## ' voor de vaste kopjes",
                    guide="kopjes",
                )
            )
            continue
        if not match:
            continue
        heading = match.group(1)
        if heading not in allowed:
            suggestion = nearest(heading, allowed)
            hint = f"bedoelt u '## {suggestion}'?" if suggestion else f"gebruik een van: {', '.join(allowed)}"
            problems.append(Problem(case.path, line, f"Onbekend kopje '## {heading}'.", hint, guide="kopjes"))
        elif heading in seen:
            problems.append(
                Problem(
                    case.path,
                    line,
                    f"Het kopje '## {heading}' staat er twee keer.",
                    "voeg de twee delen samen onder één kopje",
                    guide="kopjes",
                )
            )
        seen.append(heading)
    last_line = case.body_start_line + case.body.count("\n")
    for heading in vocabulary.required_headings:
        if heading not in seen:
            problems.append(
                Problem(
                    case.path,
                    last_line,
                    f"Het verplichte kopje '## {heading}' ontbreekt.",
                    f"voeg een regel '## {heading}' toe met tekst eronder",
                    guide="kopjes",
                )
            )
    return problems


# ---------------------------------------------------------------- personal data


def personal_data_problems(case: Case) -> list[Problem]:
    """Scan the whole file once per pattern; a cheap character test skips patterns that cannot match."""
    text = case.text

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    hint = "haal persoonsgegevens weg; verwijs naar een organisatie of een openbare website"
    found = []  # (offset, message)
    if "@" in text:
        found += [(m.start(), f"Er staat een e-mailadres in de tekst ({m.group(0)}).") for m in EMAIL.finditer(text)]
    found += [(m.start(), f"Er staat een telefoonnummer in de tekst ({m.group(0)}).") for m in PHONE.finditer(text)]
    found += [
        (m.start(), "Er staat een rekeningnummer (IBAN) in de tekst.")
        for m in IBAN.finditer(text)
        if stdnum_iban.is_valid(m.group(0))
    ]
    for match in NINE_DIGITS.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if stdnum_bsn.is_valid(digits) and not PHONE.search(match.group(0)):
            found.append(
                (match.start(), f"Er staat een getal dat een burgerservicenummer kan zijn ({match.group(0)}).")
            )
    return [Problem(case.path, line_at(offset), message, hint, guide="persoonsgegevens") for offset, message in found]


# ---------------------------------------------------------------- the whole check

CASE_RULES = (
    duplicate_keys,
    schema_problems,
    vocabulary_problems,
    slug_problems,
    url_problems,
    history_problems,
    html_problems,
    heading_problems,
    personal_data_problems,
)


def validate_case(case: Case) -> list[Problem]:
    problems = []
    for rule in CASE_RULES:
        problems.extend(rule(case))
    return problems


def duplicate_slug_problems(cases: list[Case], others: list[Case] = ()) -> list[Problem]:
    problems = []
    owners: dict[str, Path] = {}
    for case in list(others) + list(cases):
        slug = case.meta.get("slug")
        if not isinstance(slug, str):
            continue
        first = owners.setdefault(slug, case.path)
        if first.resolve() != case.path.resolve() and case in cases:
            problems.append(
                Problem(
                    case.path,
                    line_of(case, ("slug",)),
                    f"De slug '{slug}' wordt ook gebruikt in {first.name}.",
                    "kies een andere slug en geef het bestand dezelfde naam",
                    field="slug",
                    guide="bestand",
                )
            )
    return problems


def library_neighbours(cases: list[Case]) -> list[Case]:
    """The cases in cases/ that were not checked, so a slug stays unique when only part of the library is
    checked. Files outside cases/ (a copy, a fixture) are not compared with the library."""
    library = config.CASES_DIR.resolve()
    checked = {c.path.resolve() for c in cases}
    if not any(path.parent == library for path in checked) or not library.is_dir():
        return []
    neighbours = []
    for path in case_files([library]):
        if path.resolve() not in checked:
            other, _ = read_case(path)
            if other is not None:
                neighbours.append(other)
    return neighbours


def load_and_check(paths=None, compare_with_library: bool = True) -> tuple[list[Case], list[Problem]]:
    """Read the case files once (default: every case in cases/); return the readable cases and all
    problems, sorted by file and line. A caller that checks the library in parts and compares the parts
    itself passes compare_with_library=False."""
    cases, problems = load_cases(paths)
    for case_problems in map_in_order(validate_case, cases):  # the rules are per case: one core each
        problems.extend(case_problems)
    neighbours = library_neighbours(cases) if compare_with_library else []
    problems.extend(duplicate_slug_problems(cases, neighbours))
    return cases, sorted(problems, key=lambda p: (str(p.path), p.line, p.message))


def check(paths=None) -> list[Problem]:
    """All problems in the given case files (default: every case in cases/), sorted by file and line."""
    return load_and_check(paths)[1]
