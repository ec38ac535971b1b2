"""The copy check without the source texts: fingerprints of every run of 10 words in what the editors read.

The sources (the two seed documents and the openings of the web pages behind the cases) stay outside the
repository. What the repository keeps is a 6-byte hash of each 10-word run in them, so the check runs on
any machine, GitHub included, and no source text is published. Same words and runs as the shared
`copycheck.py`; links are left out of the project text first, because a link must name its page exactly
and page addresses often repeat the page title.

Refresh after reading new sources (every file under each folder counts; lines that are only a link are
skipped): python -m tests.copy_fingerprints ../shared/sources/seeds EXCERPT_DIR ...
With --add the new runs join the fingerprints already kept, so excerpts read in earlier sessions still count:
python -m tests.copy_fingerprints --add EXCERPT_DIR ...
"""

import hashlib
import re
import subprocess
import sys
from pathlib import Path

RUN = 10  # words; a shared run this long is a copied sentence
DIGEST_BYTES = 6  # 48 bits: with ~50,000 source runs a false match is about one in a billion per project run
WORD = re.compile(r"[^\W_]+", re.UNICODE)
LINK = re.compile(r"https?://\S+")
TEXT_SUFFIXES = {".md", ".txt", ".html", ".j2", ".jinja", ".yml", ".yaml", ".json", ".jsonl"}  # .jsonl: role passages
FINGERPRINTS = Path(__file__).resolve().parent / "data" / "source-fingerprints.bin"


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(LINK.sub(" ", text))]


def digest(run: str) -> bytes:
    return hashlib.blake2b(run.encode("utf-8"), digest_size=DIGEST_BYTES).digest()


def runs(text: str) -> list[tuple[int, str]]:
    """(index of the first word, the run) for every run of RUN words."""
    ws = words(text)
    return [(i, " ".join(ws[i : i + RUN])) for i in range(len(ws) - RUN + 1)]


def load_fingerprints(path: Path = FINGERPRINTS) -> set[bytes]:
    data = path.read_bytes()
    return {data[i : i + DIGEST_BYTES] for i in range(0, len(data), DIGEST_BYTES)}


def project_files(repo: Path) -> list[Path]:
    """Tracked text files: what a clone holds, not what a build generated."""
    listed = subprocess.run(["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True).stdout
    return [repo / name for name in listed.splitlines() if Path(name).suffix in TEXT_SUFFIXES]


def copied_runs(repo: Path, fingerprints: set[bytes]) -> list[str]:
    """'file: run' for every run of the project's text that a source also has."""
    found = []
    for path in project_files(repo):
        text = path.read_text(encoding="utf-8", errors="replace")
        seen = set()
        for _, run in runs(text):
            if run not in seen and digest(run) in fingerprints:
                seen.add(run)
                found.append(f"{path.relative_to(repo)}: {run!r}")
    return found


def write_fingerprints(folders: list[Path], path: Path = FINGERPRINTS, keep_existing: bool = False) -> int:
    prints = load_fingerprints(path) if keep_existing else set()
    for folder in folders:
        for source in sorted(p for p in folder.rglob("*") if p.is_file()):
            lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
            text = "\n".join(line for line in lines if not LINK.fullmatch(line.strip()))
            prints.update(digest(run) for _, run in runs(text))
    path.write_bytes(b"".join(sorted(prints)))
    return len(prints)


if __name__ == "__main__":
    args = sys.argv[1:]
    add = "--add" in args
    count = write_fingerprints([Path(arg) for arg in args if arg != "--add"], keep_existing=add)
    print(f"{count} fingerprints written to {FINGERPRINTS}")
