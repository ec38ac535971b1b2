"""`python -m search COMMAND …`: finds the command's module and runs it.

Each command lives in `search/commands/<name>.py` with `add_arguments(parser)` and `run(args) -> int`.
Only the chosen command's module is imported, so a quick command starts quickly.
"""

import argparse
import importlib
import sys

# name -> (module, one-line description in Dutch)
COMMANDS = {
    "check": ("search.commands.check", "controleer praktijkvoorbeelden in cases/"),
    "new": ("search.commands.new", "maak een nieuw praktijkvoorbeeld aan"),
    "classify": ("search.commands.classify", "bepaal de rol van MEE in een tekst of case"),
    "index": ("search.commands.index", "bouw de zoekindex (zelfde als build_index.py)"),
    "query": ("search.commands.query", "zoek in de praktijkvoorbeelden en pagina's"),
    "eval": ("search.commands.eval", "meet de zoekkwaliteit op de vaste vragenset"),
    "pages": ("search.commands.pages", "maak de gegenereerde sitepagina's en downloads"),
    "serve": ("search.commands.serve", "start de site en de zoekpagina"),
    "bench": ("benchmarks.engine", "benchmark: index en zoeken tegenover SQLite FTS5"),
    "bench-site": ("benchmarks.site", "benchmark: site bouwen met veel cases"),
    "bench-serve": ("benchmarks.serve", "benchmark: de zoekserver onder belasting"),
    "bench-hostile": ("benchmarks.hostile", "benchmark: vijandige zoekvragen (prefixen, onzin, lange tekst)"),
    "bench-learners": ("benchmarks.role_learners", "benchmark: rolmodel tegenover scikit-learn (kruisvalidatie)"),
    "bench-static-search": ("benchmarks.static_search", "benchmark: zoeken in de statische site, Pagefind en lunr"),
    "ci-summary": ("search.commands.ci_summary", "samenvatting van veranderde praktijkvoorbeelden voor de CI"),
}

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how a command was called; printed without a traceback, exit code 2."""


def whole_number(value: str, option: str, low: int, high: int) -> int:
    """An option's value as a whole number in [low, high], or a UsageError that says what is allowed."""
    try:
        parsed = int(value)
    except ValueError:
        parsed = low - 1
    if not low <= parsed <= high:
        raise UsageError(f"{option} verwacht een getal van {low} tot en met {high} (niet '{value}').")
    return parsed


def overview() -> str:
    width = max(map(len, COMMANDS))
    rows = [f"  {name.ljust(width)}  {description}" for name, (_, description) in COMMANDS.items()]
    return (
        "gebruik: python -m search COMMANDO [opties]\n\ncommando's:\n"
        + "\n".join(rows)
        + "\n\nMeer over één commando: python -m search COMMANDO --help"
    )


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(overview())
        return EXIT_OK if argv else EXIT_USAGE
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"fout: onbekend commando '{name}'.\n\n{overview()}", file=sys.stderr)
        return EXIT_USAGE
    module = importlib.import_module(COMMANDS[name][0])
    parser = argparse.ArgumentParser(
        prog=f"python -m search {name}",
        description=COMMANDS[name][1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=getattr(module, "EPILOG", None),
    )
    module.add_arguments(parser)
    try:
        args = parser.parse_args(rest)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    try:
        return module.run(args)
    except UsageError as error:
        print(f"fout: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
