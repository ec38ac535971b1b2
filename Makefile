# Two commands set up everything on a fresh machine:
#   make serve   installs, builds the index and the site, and serves both on http://$(HOST):$(PORT)/
#   make test    installs (including the headless browser for the accessibility tests) and runs every test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
TEST_STAMP := $(VENV)/.installed-test-$(shell cat requirements-test.txt | cksum | cut -d' ' -f1)
# cffconvert (checks CITATION.cff) needs an older jsonschema than the product: its own venv inside .venv.
CFF_VENV := $(VENV)/cffconvert
CFF_STAMP := $(CFF_VENV)/.installed-$(shell cat requirements-cffconvert.txt | cksum | cut -d' ' -f1)
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps
SITE_DIR ?= site
INDEX_DIR ?= build/index
HOST ?= 127.0.0.1
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
# Where the site is published (`make site SITE_URL=https://example.org/kennisbank/`, also from the environment)
# and where the researcher search runs (SEARCH_URL; without it the static site does not link to it).
export SITE_URL SEARCH_URL

.PHONY: install install-test browser wrk index site pages serve test lint check bench bench-site bench-serve bench-static-search lock clean

# Serving needs only the runtime set; the tests add their tools. Both lock files carry hashes.
install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	# whoosh3 replaced whoosh-reloaded; both install the package `whoosh`. In a venv that still has the old
	# one, remove both (and the old one's dependency) so whoosh3 is installed whole below.
	if $(PY) -m pip show --quiet whoosh-reloaded >/dev/null 2>&1; then \
	  $(PY) -m pip uninstall --quiet --disable-pip-version-check -y whoosh-reloaded whoosh3 cached-property; fi
	$(PIP_INSTALL) -r requirements.txt
	rm -f $(VENV)/.installed-[0-9]* && touch $@

install-test: $(TEST_STAMP) $(CFF_STAMP)

$(TEST_STAMP): requirements-test.txt $(STAMP)
	$(PIP_INSTALL) -r requirements-test.txt
	rm -f $(VENV)/.installed-test-* && touch $@

$(CFF_STAMP): requirements-cffconvert.txt $(STAMP)
	test -x $(CFF_VENV)/bin/python || $(PY) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
	  -r requirements-cffconvert.txt
	rm -f $(CFF_VENV)/.installed-* && touch $@

# Headless Chromium (Debian package) and axe-core (npm) for the browser and accessibility tests.
browser: node_modules/axe-core/axe.min.js node_modules/.bin/pagefind
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium (apt)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# wrk (Debian package) for bench-serve and its smoke run in tests/test_benchmarks.py.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing wrk (apt)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

# Pagefind (npm) builds the site's own search index after mkdocs; no network at view time.
node_modules/.bin/pagefind: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

check: install
	$(PY) -m search check

pages: install
	$(PY) -m search pages

index: install
	$(PY) build_index.py --index $(INDEX_DIR)

# Validates the cases, generates the pages and builds the site into $(SITE_DIR); a failure keeps the old site.
site: install node_modules/.bin/pagefind
	$(PY) -m search pages --build --site-dir $(SITE_DIR)

# The server serves the researcher search next to the site, so the site links to it from the same host.
serve: SEARCH_URL = /zoeken/
serve: index site
	$(PY) -m search serve --host $(HOST) --port $(PORT) --index $(INDEX_DIR) --site $(SITE_DIR)

test: install-test browser wrk lint
	$(PY) -m pytest

lint: install-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

bench: install
	$(PY) -m search bench

bench-site: install
	$(PY) -m search bench-site

bench-serve: install wrk
	$(PY) -m search bench-serve

bench-static-search: install-test browser
	$(PY) -m search bench-static-search

# Re-pin every dependency (with hashes) after changing the lists in pyproject.toml.
LOCK_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	rm -rf /tmp/kb-lock && $(PYTHON) -m venv /tmp/kb-lock
	/tmp/kb-lock/bin/pip install --quiet pip-tools==7.6.2
	/tmp/kb-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements.txt pyproject.toml
	/tmp/kb-lock/bin/pip-compile $(LOCK_FLAGS) --extra test --constraint requirements.txt \
	  --output-file requirements-test.txt pyproject.toml
	/tmp/kb-lock/bin/pip-compile $(LOCK_FLAGS) --output-file requirements-cffconvert.txt requirements-cffconvert.in

clean:
	rm -rf build site .site.gen-* .site.tmp-* .site.lock docs/praktijkvoorbeelden docs/begrippen.md docs/tags.md docs/.snippets docs/assets/javascripts/lunr .pytest_cache
