"""The versions of the open data, kept by hand in data/dataset/changelog.yml (newest first), and the
package metadata in data/dataset/package.yml.

A version is date-based: YYYY.MM.N, the year and month of its date and N counting from 0 within the month.
The newest version records a fingerprint of what the changelog talks about (which cases there are, and
each municipality's role per period). When the data no longer matches it, the build still works but calls
the data "version X + changes" (`current_version`), and tests/test_dataset.py asks for a new version.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import config
from ..problems import Problem

CHANGELOG_PATH = config.DATASET_DIR / "changelog.yml"
PACKAGE_META_PATH = config.DATASET_DIR / "package.yml"
VERSION = re.compile(r"(\d{4})\.(\d{2})\.(\d+)")
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
FINGERPRINT_LENGTH = 16
# The parts of a role row that make a role change: who, which case, which period, what role, which years.
FINGERPRINT_FIELDS = ("case_slug", "municipality", "period", "role", "start_year", "end_year", "decided_by")
HINT = (
    "schrijf per versie: '- version: \"JJJJ.MM.N\"', 'date: \"JJJJ-MM-DD\"', 'changes: [...]' en eventueel "
    "'added: [slug, …]'; de nieuwste versie staat bovenaan"
)


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # YYYY-MM-DD
    changes: tuple  # Dutch sentences: what changed in the content
    added: tuple = ()  # slugs of the cases this version added
    removed: tuple = ()  # slugs of the cases this version removed
    fingerprint: str = ""  # of the data this version describes (required on the newest)


@dataclass(frozen=True)
class CurrentVersion:
    release: Release  # the newest version in the changelog
    fingerprint: str  # of the data being built
    version: str = field(default="")

    @property
    def matches(self) -> bool:
        return self.release.fingerprint == self.fingerprint


def load_package_meta(path: Path | None = None) -> dict:
    return yaml.safe_load(Path(path or PACKAGE_META_PATH).read_text(encoding="utf-8"))


def load_releases(path: Path | None = None) -> tuple[list[Release], list[Problem]]:
    """The versions, newest first, or problems that name the line and say what to write."""
    path = Path(path or CHANGELOG_PATH)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        return [], [
            Problem(
                path, mark.line + 1 if mark else 1, f"De wijzigingenlijst is niet te lezen: {error}.", HINT, guide=""
            )
        ]
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        return [], [Problem(path, 1, "De wijzigingenlijst is geen lijst van versies.", HINT, guide="")]
    releases, problems = [], []
    for node in root.value:
        line = node.start_mark.line + 1
        item = yaml.safe_load(yaml.serialize(node))
        release, message = parse_release(item)
        if message:
            problems.append(Problem(path, line, message, HINT, guide=""))
            continue
        if releases and not is_older(release, releases[-1]):
            problems.append(
                Problem(
                    path,
                    line,
                    f"Versie {release.version} staat onder {releases[-1].version} maar is niet ouder.",
                    HINT,
                    guide="",
                )
            )
        releases.append(release)
    if releases and not problems and not releases[0].fingerprint:
        problems.append(
            Problem(
                path,
                1,
                f"De nieuwste versie ({releases[0].version}) mist 'fingerprint'.",
                "make test noemt de juiste waarde",
                guide="",
            )
        )
    return releases, problems


def parse_release(item) -> tuple[Release | None, str]:
    if not isinstance(item, dict):
        return None, "Een versie moet velden hebben: version, date en changes."
    version, date = str(item.get("version", "")), str(item.get("date", ""))
    version_match, date_match = VERSION.fullmatch(version), DATE.fullmatch(date)
    if not version_match:
        return None, f"'{version}' is geen versie van de vorm JJJJ.MM.N (bijvoorbeeld 2026.12.0)."
    if not date_match:
        return None, f"Versie {version}: '{date}' is geen datum van de vorm JJJJ-MM-DD."
    if version_match.group(1, 2) != date_match.group(1, 2):
        return None, f"Versie {version} hoort bij jaar en maand van de datum {date}."
    changes = item.get("changes")
    if not isinstance(changes, list) or not changes or not all(isinstance(c, str) and c.strip() for c in changes):
        return None, f"Versie {version}: 'changes' moet een lijst zinnen zijn over wat er veranderde."
    lists = {}
    for name in ("added", "removed"):
        value = item.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None, f"Versie {version}: '{name}' moet een lijst slugs zijn."
        lists[name] = tuple(value)
    release = Release(
        version,
        date,
        tuple(" ".join(c.split()) for c in changes),
        fingerprint=str(item.get("fingerprint") or ""),
        **lists,
    )
    return release, ""


def version_key(release: Release) -> tuple:
    return tuple(int(part) for part in VERSION.fullmatch(release.version).groups())


def is_older(release: Release, newer: Release) -> bool:
    return version_key(release) < version_key(newer) and release.date <= newer.date


def fingerprint(case_slugs, role_rows) -> str:
    """A short hash of the cases and each municipality's role per period: changes when the changelog should."""
    content = {
        "cases": sorted(case_slugs),
        "roles": sorted([[row[name] for name in FINGERPRINT_FIELDS] for row in role_rows], key=json.dumps),
    }
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def current_version(releases: list[Release], data_fingerprint: str) -> CurrentVersion:
    """The newest version when the data matches it; otherwise that version marked as changed since
    ('2026.12.0+ab12cd34'), so an unreleased build never passes for a released one."""
    newest = releases[0]
    if newest.fingerprint == data_fingerprint:
        return CurrentVersion(newest, data_fingerprint, newest.version)
    return CurrentVersion(newest, data_fingerprint, f"{newest.version}+{data_fingerprint[:8]}")
