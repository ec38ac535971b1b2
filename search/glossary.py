"""The glossary (docs/glossary.yml): the Begrippen page and the hover explanations on every page.

Hover texts are Markdown abbreviations (`*[term]: uitleg`) that `pymdownx.snippets` appends to every page;
the Begrippen page makes the same explanations reachable by keyboard and screen reader.
"""
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem

GLOSSARY_FILE = "glossary.yml"
PAGE = "begrippen.md"
SNIPPETS_FOLDER = ".snippets"          # dot folder: mkdocs does not publish it as a page
ABBREVIATIONS = "begrippen.md"


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    aliases: tuple[str, ...] = ()


def load_glossary(path: Path) -> tuple[list[Term], list[Problem]]:
    """Terms in file order, or problems that say what to write instead. A missing file is an empty glossary."""
    path = Path(path)
    if not path.exists():
        return [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        return [], [Problem(path, mark.line + 1 if mark else 1, "De woordenlijst is geen geldige YAML.",
                            "schrijf per begrip: '- term: …', 'definition: …' en eventueel 'aliases: [...]'",
                            guide="")]
    if data is None:
        return [], []
    items = data.get("terms", data) if isinstance(data, dict) else data
    if not isinstance(items, list):
        return [], [Problem(path, 1, "De woordenlijst is geen lijst van begrippen.",
                            "begin elk begrip met '- term: …'", guide="")]
    terms, problems = [], []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not str(item.get("term", "")).strip() \
                or not str(item.get("definition", "")).strip():
            problems.append(Problem(path, 1, f"Begrip {number} in de woordenlijst mist 'term' of 'definition'.",
                                    "schrijf '- term: …' met daaronder 'definition: …'", guide=""))
            continue
        aliases = item.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        terms.append(Term(term=" ".join(str(item["term"]).split()),
                          definition=" ".join(str(item["definition"]).split()),
                          aliases=tuple(" ".join(str(a).split()) for a in aliases if str(a).strip())))
    return terms, problems


def spellings(term: Term) -> list[str]:
    """Every written form that gets a hover text: term and aliases, also with a capital first letter."""
    forms = []
    for word in (term.term, *term.aliases):
        for form in (word, word[:1].upper() + word[1:]):
            if form not in forms:
                forms.append(form)
    return forms


def abbreviations(terms: list[Term]) -> str:
    """Markdown abbreviation definitions, appended to every page by pymdownx.snippets."""
    lines, seen = [], set()
    for term in terms:
        definition = term.definition.replace("\n", " ")
        for form in spellings(term):
            if form not in seen:
                seen.add(form)
                lines.append(f"*[{form}]: {definition}")
    # One definition per block: Python-Markdown tests every block processor against the rest of a block
    # after each line it takes, so a long run of lines costs quadratic time on every page.
    return "\n\n".join(lines) + "\n"


def glossary_page(terms: list[Term], escape) -> str:
    lines = ["---", "title: Begrippen", "description: Uitleg van woorden die vaak voorkomen op deze site.", "---",
             "", "# Begrippen", "",
             "Op deze pagina staat wat vaktermen betekenen. Op andere pagina's ziet u dezelfde uitleg als u met de "
             "muis op zo'n woord staat.", ""]
    if not terms:
        lines.append("Er zijn nog geen begrippen beschreven.")
    for term in sorted(terms, key=lambda t: t.term.casefold()):
        lines += [f"## {escape(term.term)}", "", escape(term.definition), ""]
        if term.aliases:
            lines += ["Ook: " + ", ".join(escape(a) for a in term.aliases) + ".", ""]
    return "\n".join(lines) + "\n"
