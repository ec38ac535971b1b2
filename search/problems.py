"""A content mistake as a value: where it is, what is wrong, and what to write instead."""

from dataclasses import dataclass
from pathlib import Path

from . import config

ERROR = "error"
INFO = "info"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    hint: str = ""
    field: str = ""
    guide: str = "velden"  # anchor in CONTRIBUTING.md that explains the fix
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{display_path(self.path)}:{self.line}: {self.explained()}"

    def explained(self, quote=str, guide_link=None) -> str:
        """What is wrong, what to do and where the guide explains it: the part after `file:line`.
        quote escapes the free text (Markdown in CI); guide_link renders a guide anchor."""
        text = quote(self.message)
        if self.hint:
            text += f" — {quote(self.hint)}"
        if self.guide:
            text += f" (uitleg: {guide_link(self.guide) if guide_link else f'{config.GUIDE}#{self.guide}'})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def display_path(path: Path) -> str:
    """Paths relative to the repository when they are inside it, as editors see them in a PR."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(config.REPO_ROOT))
    except ValueError:
        return str(path)
