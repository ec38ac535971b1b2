"""The Case model and reading case files (YAML front matter + Markdown body) from disk.

Reading never raises for a content mistake: it returns the problems it met instead.
Rule checks on the fields live in `validate.py`.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import config
from ..problems import Problem

# libyaml's parser when PyYAML has it (about 5× faster); the pure-Python one otherwise.
SafeLoaderBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CaseLoader(SafeLoaderBase):
    """SafeLoader that keeps dates as text, so '2014-12-15' stays the string the editor wrote."""


CaseLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Case:
    path: Path
    meta: dict
    body: str
    body_start_line: int  # line number (1-based) of the first body line in the file
    front_matter_node: object = field(default=None, repr=False)  # composed YAML, for line look-ups
    source: str = field(default="", repr=False)  # the file as read, for checks and hashes

    @property
    def slug(self) -> str:
        return self.meta.get("slug") or self.path.stem

    @property
    def title(self) -> str:
        return self.meta.get("title", self.slug)

    @property
    def text(self) -> str:
        """The whole file as written, for checks and content hashes."""
        return self.source or self.path.read_text(encoding="utf-8")


def case_files(paths=None) -> list[Path]:
    """Case files under the given files/folders (default: all of cases/), sorted, duplicates removed."""
    paths = [config.CASES_DIR] if not paths else [Path(p) for p in paths]
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.glob(f"*{config.CASE_SUFFIX}") if not p.name.startswith("_")))
        else:
            found.append(path)
    seen, unique = set(), []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def read_case(path: Path) -> tuple[Case | None, list[Problem]]:
    """Split one file into front matter and body. Returns (case, []) or (None, problems)."""
    path = Path(path)
    if not path.exists():
        return None, [
            Problem(
                path, 1, "Dit bestand bestaat niet.", "Controleer de naam en de map.", guide="nieuw-praktijkvoorbeeld"
            )
        ]
    size = path.stat().st_size
    if size > config.MAX_CASE_BYTES:
        return None, [
            Problem(
                path,
                1,
                f"Het bestand is te groot ({size // 1024} KiB; de grens is 1024 KiB).",
                "Maak de tekst korter of verwijs naar bronnen in plaats van ze over te nemen.",
                guide="bestand",
            )
        ]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                line,
                "Het bestand is niet opgeslagen als UTF-8.",
                "Sla het op als UTF-8 (in de meeste editors: 'Opslaan als' → codering UTF-8).",
                guide="bestand",
            )
        ]
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, [
            Problem(
                path,
                1,
                "Het bestand begint niet met gegevens tussen twee regels '---'.",
                "Zet op regel 1 '---', dan de velden (title: …), en sluit af met '---'.",
                guide="velden",
            )
        ]
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        return None, [
            Problem(
                path,
                1,
                "De gegevens bovenaan worden niet afgesloten met een regel '---'.",
                "Zet een regel met alleen '---' tussen de velden en de tekst.",
                guide="velden",
            )
        ]
    yaml_text = "\n".join(lines[1:closing])
    try:
        references = anchors_and_aliases(path, yaml_text)
        if references:
            return None, references
        node, meta = compose_and_construct(yaml_text)
    except yaml.YAMLError as exc:
        return None, [yaml_problem(path, exc, lines[1:closing])]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return None, [
            Problem(
                path,
                2,
                "De gegevens bovenaan zijn geen lijst van velden.",
                "Schrijf elk veld op een eigen regel als 'naam: waarde'.",
                guide="velden",
            )
        ]
    body = "\n".join(lines[closing + 1 :])
    return Case(path=path, meta=meta, body=body, body_start_line=closing + 2, front_matter_node=node, source=text), []


def anchors_and_aliases(path: Path, yaml_text: str) -> list[Problem]:
    """Anchors (&naam) and aliases (*naam) in the front matter, one problem each. They are refused before the
    YAML is built: an alias can point at itself (`a: &x [*x]`, endless for every rule that walks the data) or
    repeat a large value many times over, and a case file needs neither."""
    if "&" not in yaml_text and "*" not in yaml_text:  # the common case: no token can be one
        return []
    problems = []
    loader = CaseLoader(yaml_text)
    try:
        while loader.check_token():
            token = loader.get_token()
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
                problems.append(
                    Problem(
                        path,
                        token.start_mark.line + 2,  # +1 for 1-based, +1 for the opening '---'
                        f"'{sign}{token.value}' is een YAML-{'anker' if sign == '&' else 'verwijzing'}; "
                        "ankers (&) en verwijzingen (*) zijn in een praktijkvoorbeeld niet toegestaan.",
                        "schrijf de waarde voluit op elke plek waar ze nodig is; begint een tekst met & of *, "
                        'zet hem dan tussen aanhalingstekens ("*Nieuw*")',
                        guide="velden",
                    )
                )
    finally:
        loader.dispose()
    return problems


def compose_and_construct(yaml_text: str):
    """One parse gives both the node tree (for line numbers) and the plain data."""
    loader = CaseLoader(yaml_text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def yaml_problem(path: Path, exc: yaml.YAMLError, yaml_lines: list[str]) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = (mark.line + 2) if mark else 2  # +1 for 1-based, +1 for the opening '---'
    # An unclosed quote makes YAML fail lines later; point at the line where the quote was opened.
    for number, text in enumerate(yaml_lines[: line - 1], start=2):
        if text.replace('\\"', "").count('"') % 2 == 1:
            return Problem(
                path,
                number,
                "Een aanhalingsteken (\") wordt op deze regel niet gesloten.",
                "zet aan het eind van de waarde ook een \"",
                guide="velden",
            )
    reason = getattr(exc, "problem", None) or "onleesbare opmaak"
    return Problem(
        path,
        line,
        f"De gegevens bovenaan zijn geen geldige YAML ({reason}).",
        "schrijf elk veld als 'naam: waarde'; zet tekst met een dubbele punt tussen aanhalingstekens, "
        "en laat lijstregels beginnen met '- ' op gelijke inspringing",
        guide="velden",
    )


def load_cases(paths=None) -> tuple[list[Case], list[Problem]]:
    """Read every case file; cases that cannot be read are left out and reported."""
    cases, problems = [], []
    for path in case_files(paths):
        case, found = read_case(path)
        problems.extend(found)
        if case is not None:
            cases.append(case)
    return cases, problems
