"""Lines of a case body: code fences and level-2 headings, one definition for check, pages and classifier.

No Markdown renderer here: these are line rules, cheap enough for the classifier's hot path.
"""

import re

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")


def body_lines(body: str, first_line: int = 1):
    """(line number, text, inside a code fence) per line; a fence's own marker lines count as inside."""
    inside = False
    for offset, text in enumerate(body.split("\n")):
        if FENCE.match(text):
            inside = not inside
            yield first_line + offset, text, True
            continue
        yield first_line + offset, text, inside


def level2_parts(body: str) -> list[tuple[str, list[str]]]:
    """The body split at level-2 headings outside code fences: [(heading or "", lines)], where a part's
    lines start with its heading line; the part before the first heading has heading ""."""
    parts, heading, lines = [], "", []
    for _, text, in_fence in body_lines(body):
        match = None if in_fence else HEADING.match(text)
        if match:
            parts.append((heading, lines))
            heading, lines = match.group(1).strip(), []
        lines.append(text)
    parts.append((heading, lines))
    return parts
