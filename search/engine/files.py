"""The files of one index generation beside Whoosh's own, and the error a failed build raises."""

import json
from pathlib import Path

MANIFEST = "manifest.json"
META = "meta.json"
WORDS = "words.json"  # folded word -> count, for "Bedoelde u …?" (cheaper than Whoosh's spelling field)


class BuildFailed(Exception):
    """The build stopped; the previous index is untouched. Carries Dutch lines to print."""

    def __init__(self, lines, exit_code=1):
        super().__init__("\n".join(lines))
        self.lines = list(lines)
        self.exit_code = exit_code


def write_json(path: Path, data) -> None:
    """Write a fresh file (never through a hard link shared with the previous generation)."""
    if path.exists():
        path.unlink()
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
