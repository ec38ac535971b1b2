"""`python -m search check [PATH ...]`: report every problem in the case files at once."""

import sys

from ..content import validate
from ..content.cases import case_files

EPILOG = """voorbeelden:
  python -m search check                 alle praktijkvoorbeelden in cases/
  python -m search check cases/zeist.md  één bestand

Elke regel noemt bestand:regel, wat er mis is en wat u kunt schrijven. Uitleg: CONTRIBUTING.md."""


def add_arguments(parser):
    parser.add_argument("paths", nargs="*", metavar="PATH", help="case-bestanden of mappen (standaard: cases/)")


def run(args) -> int:
    cases, problems = validate.load_and_check(args.paths or None)
    errors = [p for p in problems if p.is_error]
    for problem in problems:
        prefix = "" if problem.is_error else "info: "
        print(prefix + str(problem), file=sys.stderr if problem.is_error else sys.stdout)
    # Information only, before the verdict: where the editor's role differs from the classifier.
    for note in role_notes(cases, {p.path for p in errors}):
        print("info: " + str(note))
    count = len(case_files(args.paths or None))
    if errors:
        files = len({p.path for p in errors})
        print(
            f"{plural(len(errors), 'probleem', 'problemen')} in {plural(files, 'bestand', 'bestanden')} "
            f"(van {count} gecontroleerd). "
            "Pas ze aan en draai 'python -m search check' opnieuw.",
            file=sys.stderr,
        )
    else:
        print(f"check: {plural(count, 'praktijkvoorbeeld', 'praktijkvoorbeelden')} in orde.")
    return 1 if errors else 0


def role_notes(cases, paths_with_errors) -> list:
    """INFO lines where the editor's mee_role differs from the classifier; never changes the exit code."""
    from ..roles.classifier import override_disagreements

    return override_disagreements([c for c in cases if c.path not in paths_with_errors])


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
