"""Markdown for a pull request's job summary: per changed case, the check result, the role of MEE the
classifier finds (with its evidence) and any disagreement with the editors' override."""

import html
from pathlib import Path

from . import config
from .content import scaffold, validate
from .content.cases import read_case
from .problems import display_path

ROLE_FIELDS = {"mee_role", "mee_role_reason", "mee_role_year"}
MAX_EVIDENCE = 5  # the strongest sentences are enough to judge a label


def escape(text: str) -> str:
    """Plain text that shows as written in GitHub Markdown: no HTML, no accidental emphasis or links."""
    text = html.escape(str(text), quote=False)
    for char in "\\`*_[]|":
        text = text.replace(char, "\\" + char)
    return text


def guide(anchor: str, base: str = "") -> str:
    """A link to a part of the editors' guide; `base` is its web address (in CI), else the file name."""
    return f"[{config.GUIDE}#{anchor}]({base or config.GUIDE}#{anchor})"


def problem_line(problem, base: str = "") -> str:
    """One problem as a list item: `file:line` first, as `check` prints it, then what to change."""
    return f"- `{display_path(problem.path)}:{problem.line}` " + problem.explained(
        escape, lambda anchor: guide(anchor, base)
    )


def case_summary(path: Path, problems: list, base: str = "") -> list[str]:
    """Markdown lines for one changed case file."""
    shown = display_path(path)
    case, _ = read_case(path) if path.exists() else (None, [])
    title = case.meta.get("title") if case is not None else ""
    title = f" — {escape(title)}" if isinstance(title, str) and title.strip() else ""
    lines = [f"### `{shown}`{title}", ""]
    errors = [p for p in problems if p.is_error]
    # Role disagreements get their own paragraph below; other info lines are listed as they are.
    infos = [p for p in problems if not p.is_error and p.field not in ROLE_FIELDS]
    if errors:
        lines.append(
            f"**Controle:** ❌ {len(errors)} {'probleem' if len(errors) == 1 else 'problemen'}. "
            "Pas deze regels aan en sla opnieuw op; de controle draait dan vanzelf opnieuw."
        )
        lines += ["", *(problem_line(p, base) for p in errors)]
    else:
        lines.append("**Controle:** ✅ in orde.")
    leftovers = scaffold.leftover_hints(path) if case is not None else []
    if leftovers:
        numbers = ", ".join(str(p.line) for p in leftovers)
        lines += [
            "",
            f"**Let op:** op regel {numbers} staat nog invulhulp '(Vul in: …)' uit het sjabloon. "
            f"Vervang die door eigen tekst (uitleg: {guide(scaffold.GUIDE_ANCHOR, base)}).",
        ]
    lines += [""] + role_lines(case, errors, base) + [""]
    if infos:
        lines += [problem_line(p, base).replace("- ", "- info: ", 1) for p in infos] + [""]
    return lines


def role_lines(case, errors, base: str = "") -> list[str]:
    if case is None:
        return [
            "**Rol van MEE:** niet bepaald, want het bestand kan niet worden gelezen. Los eerst de "
            "problemen hierboven op."
        ]
    if any(p.field in ROLE_FIELDS for p in errors):
        return [
            "**Rol van MEE:** niet bepaald, want de velden over de rol kloppen nog niet. Los eerst de "
            f"problemen hierboven op (uitleg: {guide('rol-vaststellen', base)})."
        ]
    from .roles.classifier import case_role  # imported here: the summary of a broken file does not need it

    decided = case_role(case)
    verdict = decided.verdict
    found_label = role_label(verdict.role)
    lines = [f"**Rol van MEE volgens de tekst:** {escape(found_label)} (zekerheid {round(verdict.confidence * 100)}%)."]
    supporting = [e for e in verdict.evidence if e.weight > 0][:MAX_EVIDENCE]
    against = [e for e in verdict.evidence if e.weight < 0][:MAX_EVIDENCE]
    if supporting or against:
        lines += ["", "Zinnen die de doorslag gaven:", ""]
        for item in supporting + against:
            sign = "telt mee voor" if item.weight > 0 else "spreekt tegen"
            where = f" (kopje *{escape(item.section)}*)" if item.section else ""
            lines.append(f"- {sign} **{escape(role_label(item.role))}**{where}: “{escape(item.sentence)}”")
    elif decided.decided_by != "redactie":
        lines += [
            "",
            "Er staan geen zinnen over de rol van MEE in de tekst; daarom is het label *Onbekend*. "
            "Schrijf onder '## Rol van MEE' wat MEE doet, of leg de rol vast "
            f"(uitleg: {guide('rol-vaststellen', base)}).",
        ]
    if decided.decided_by == "redactie":
        year = f" ({decided.year})" if decided.year else ""
        lines += [
            "",
            f"**Vastgesteld door de redactie:** {escape(decided.label)}{year}. Reden: {escape(decided.reason)}",
        ]
        if decided.role != verdict.role:
            lines += [
                "",
                f"⚠️ **Verschil:** de redactie koos *{escape(decided.label)}*, maar de tekst wijst op "
                f"*{escape(found_label)}*. Het label van de redactie blijft gelden. Kijk of de tekst "
                f"en de reden bij elkaar passen (uitleg: {guide('rol-vaststellen', base)}).",
            ]
    return lines


def role_label(role: str) -> str:
    from .content.vocabulary import load_vocabulary

    return load_vocabulary().role_label(role)


def summary(paths, guide_url: str = "") -> str:
    """The whole job summary for the given changed case files (may be empty).

    `guide_url` is the web address of CONTRIBUTING.md, so the links work on GitHub's summary page."""
    paths = [Path(p) for p in paths]
    lines = ["## Praktijkvoorbeelden in dit pull request", ""]
    if not paths:
        lines += ["Dit pull request verandert geen praktijkvoorbeelden in `cases/`.", ""]
        return "\n".join(lines)
    problems = validate.check(paths)
    by_path: dict[Path, list] = {}
    for problem in problems:
        by_path.setdefault(Path(problem.path).resolve(), []).append(problem)
    failing = sum(1 for p in paths if any(x.is_error for x in by_path.get(p.resolve(), [])))
    if failing:
        lines.append(
            f"❌ {failing} van {len(paths)} veranderde praktijkvoorbeelden "
            f"{'heeft' if failing == 1 else 'hebben'} nog problemen. Elke melding noemt bestand, regel en "
            f"wat u kunt schrijven (uitleg: {guide('meldingen-lezen', guide_url)})."
        )
    elif len(paths) == 1:
        lines.append("✅ Het veranderde praktijkvoorbeeld is in orde.")
    else:
        lines.append(f"✅ Alle {len(paths)} veranderde praktijkvoorbeelden zijn in orde.")
    lines.append("")
    for path in paths:
        lines += case_summary(path, by_path.get(path.resolve(), []), guide_url)
    return "\n".join(lines).rstrip("\n") + "\n"


def annotation_escape(text: str, in_property: bool = False) -> str:
    """GitHub workflow-command escaping, so a message with ':' or a newline stays one annotation."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def annotations(paths) -> str:
    """One `::error file=…,line=…::…` line per problem, so GitHub shows it next to the line in the PR."""
    lines = []
    for problem in validate.check([Path(p) for p in paths]) if paths else []:
        level = "error" if problem.is_error else "notice"
        text = problem.message + (f" — {problem.hint}" if problem.hint else "")
        if problem.guide:
            text += f" (uitleg: {config.GUIDE}#{problem.guide})"
        where = f"file={annotation_escape(display_path(problem.path), True)},line={problem.line}"
        lines.append(f"::{level} {where}::{annotation_escape(text)}")
    return "".join(line + "\n" for line in lines)
