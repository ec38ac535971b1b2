"""The index schema: which fields a section has, how they are analysed, and the version that forces a rebuild.

Whoosh pickles the schema (with our analyzer classes) into the index: they must stay importable at
`search.engine.analysis`.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

import whoosh
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from . import analysis

# Files whose code shapes the index: a change in any of them makes the next build a full one.
SOURCE_FILES = (
    "engine/analysis.py",
    "engine/schema.py",
    "engine/documents.py",
    "engine/entities.py",
    "roles/classifier.py",
    "text.py",
)

# "head" is the case/page title plus the section heading: one short field, so a word costs two
# posting lists (head, text) instead of three; "exact" only joins for words typed with diacritics.
SEARCH_FIELDS = ("head", "text", "exact")
FIELD_BOOSTS = {"head": 1.0, "text": 1.0, "exact": 1.5}
SYNONYM_FIELDS = ("head", "text")
# Dutch names for field:value searches, as documented in `python -m search query --help`.
FIELD_ALIASES = {
    "head": ["titel", "kop"],
    "text": ["tekst"],
    "municipality": ["gemeente"],
    "province": ["provincie"],
    "role": ["rol"],
    "theme": ["thema"],
    "year": ["jaar"],
    "kind": ["soort"],
}
FILTER_FIELDS = ("role", "province", "municipality", "theme", "year")


def make_schema() -> Schema:
    text = analysis.dutch_analyzer()
    return Schema(
        key=ID(stored=True, sortable=True),
        kind=ID(stored=True),
        slug=ID(stored=True),
        title=STORED,
        section=STORED,
        head=TEXT(analyzer=text),
        text=TEXT(analyzer=text, stored=True),
        exact=TEXT(analyzer=analysis.diacritic_analyzer(), phrase=False),
        anchor=STORED,
        url=STORED,
        position=STORED,
        role=ID(stored=True),
        province=ID(stored=True),
        municipality=KEYWORD(stored=True, commas=True, lowercase=True),
        theme=KEYWORD(stored=True, commas=True),
        year=KEYWORD(stored=True, commas=True),
    )


@lru_cache(maxsize=1)
def index_version() -> str:
    """Changes whenever the analysis, schema or document code changes: then a full rebuild is needed.

    Computed once per process (and inherited by forked children), so one run sees one version."""
    # The engine's version too: a new Whoosh rebuilds in full instead of adding segments to an old index.
    digest = hashlib.sha256(f"analysis={analysis.ANALYSIS_VERSION} whoosh={whoosh.versionstring()}".encode())
    here = Path(__file__).resolve().parent.parent
    for name in SOURCE_FILES:
        path = here / name
        if path.exists():
            digest.update(name.encode() + path.read_bytes())
    return digest.hexdigest()[:24]


def whoosh_document(doc: dict) -> dict:
    return {
        "key": doc["key"],
        "kind": doc["kind"],
        "slug": doc["slug"],
        "title": doc["title"],
        "section": doc["section"],
        "text": doc["text"],
        "head": f"{doc['title']}\n{doc['section']}",
        "exact": f"{doc['title']}\n{doc['section']}\n{doc['text']}",
        "anchor": doc["anchor"],
        "url": doc["url"],
        "position": doc["position"],
        "role": doc["role"] or "",
        "province": doc["province"] or "",
        "municipality": ",".join(doc["municipalities"]),
        "theme": ",".join(doc["themes"]),
        "year": ",".join(str(y) for y in doc["years"]),
    }
