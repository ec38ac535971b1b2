"""Paths and limits in one place, so no module hides its own magic numbers."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = REPO_ROOT / "cases"
DOCS_DIR = REPO_ROOT / "docs"
SCHEMA_PATH = CASES_DIR / "schema.json"
VOCABULARY_PATH = CASES_DIR / "vocabulary.yml"
BUILD_DIR = REPO_ROOT / "build"
INDEX_DIR = BUILD_DIR / "index"
SITE_DIR = REPO_ROOT / "site"
# Data the product reads at run time: the role classifier's passages and weights, the relevance set.
DATA_DIR = REPO_ROOT / "data"
ROLE_DATA_DIR = DATA_DIR / "roles"
ROLE_MODEL_PATH = ROLE_DATA_DIR / "model.json.gz"
RELEVANCE_PATH = DATA_DIR / "relevance.yml"
# The open-data package's own description and its versions (search/site/data_package.py).
DATASET_DIR = DATA_DIR / "dataset"
# Generated case pages, overview and downloads: a git-ignored folder inside docs/ that mkdocs reads.
GENERATED_DIR = DOCS_DIR / "praktijkvoorbeelden"

MAX_CASE_BYTES = 1024 * 1024
CASE_SUFFIX = ".md"

# Where editors read how to fix a problem; messages link to these anchors.
GUIDE = "CONTRIBUTING.md"
REPOSITORY_URL = "https://github.com/kennisbank-clientondersteuning/kennisbank"
EDIT_URL_TEMPLATE = REPOSITORY_URL + "/edit/main/cases/{slug}.md"

# Researcher server (search/web): bounds on what a visitor may ask, so no request can run away.
WEB_MAX_QUERY_LENGTH = 500  # characters in the query box
WEB_MAX_FILTER_LENGTH = 100  # characters in a free-text filter value (municipality)
WEB_DEFAULT_PAGE_SIZE = 10
WEB_MAX_PAGE_SIZE = 100
WEB_MAX_PAGE = 1000
WEB_EXPORT_LIMIT = 1000  # result groups in one CSV/JSON download
WEB_QUERY_TIME_LIMIT = 2.0  # seconds one search may take before it returns what it has
WEB_RESULT_CACHE_SIZE = 256  # recent result pages kept per server; emptied when the index is swapped
# Built site files kept in memory with their headers (search/web/static_site.py); larger files are streamed.
WEB_STATIC_CACHE_BYTES = 32 * 1024 * 1024  # all cached files together, per server
WEB_STATIC_CACHE_FILE_BYTES = 1024 * 1024  # one cached file at most

# Builds of the index and the site (search/generations.py).
GENERATION_KEEP_SECONDS = 600  # a replaced generation stays this long, for readers that still opened it
BUILD_LOCK_WAIT_SECONDS = 1800  # a second build of the same output waits this long for the first

# Search engine (search/engine): bounds on what one query may cost, so hostile input stays cheap and every
# costly step stays inside the time limit. A bound that changes a query says so in the results (notices).
QUERY_MAX_CHARS = 500  # characters of a query that are read; the rest is left out, with a notice
QUERY_MIN_PREFIX = 3  # letters before a * (or ?); "a*" is not searched
QUERY_PREFIX_MAX_TERMS = 50  # index terms one prefix expands to, per field: the most frequent ones
QUERY_MAX_CLAUSES = 200  # term and phrase clauses in one query, prefixes and synonyms expanded; first come first
SUGGEST_MAX_WORDS = 8  # a query with more words gets no "Bedoelde u …?" (a pasted text is no typo)
SUGGEST_MAX_CANDIDATES = 1500  # known words compared with one unknown word: the nearest lengths, most frequent first
SNIPPET_CACHE_SECTIONS = 2000  # sections kept ready for snippets per index generation (stored fields, words)
EXPORT_MAX_ROWS = 5000  # rows (matching sections) in one CSV/JSON download or CLI export, after WEB_EXPORT_LIMIT
WEB_MAX_CONCURRENT_SEARCHES = 4  # uncached searches and downloads at once; more wait for a place (below)
WEB_MAX_WAITING_SEARCHES = 32  # that may wait for one of those places; one more gets 503 with Retry-After at once
WEB_MAX_WAIT = 1.0  # seconds one waits for a place before it gets that 503
# A search of at most this many plain words, for one ordinary page of results, on an index of at most this many
# sections, is answered on the event loop instead of in a worker thread: it takes about a millisecond there,
# less than handing it to a thread and back (bench-serve), and too little to hold up other visitors.
WEB_INLINE_MAX_WORDS = 4
WEB_INLINE_MAX_SECTIONS = 5000
WEB_RETRY_AFTER = 2  # seconds, in the Retry-After header of that 503
