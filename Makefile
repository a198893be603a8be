# The two commands of the README: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast typecheck install install-dev browser pdf-libs lint migrations-check clean

$(BIN)/mestring: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: $(BIN)/mestring
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## Debian's Chromium for the browser tests (no browser is downloaded by Playwright).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

## Pango and a font for the PDF reports (WeasyPrint); present on most machines already.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list 2>/dev/null | grep -q . || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core; }

install: $(BIN)/mestring pdf-libs

install-dev: $(VENV)/.dev-installed pdf-libs

## Set up, load reference and demo data, write the open data dump, and serve on
## http://127.0.0.1:8000 (SQLite); another address: make run HOST=127.0.0.1:8080.
run: install
	$(BIN)/mestring migrate --no-input
	$(BIN)/mestring refdata load
	$(BIN)/mestring load_health_communities
	$(BIN)/mestring demo --if-empty
	$(BIN)/mestring open_data
	$(BIN)/mestring runserver $(HOST)

## Set up and run every test (SQLite by default; set DATABASE_URL for PostgreSQL).
test: install-dev browser node_modules/axe-core/axe.min.js
	$(BIN)/pytest

## The quick loop while working: no browser, no slow tests, no fuzzing, in parallel
## (pytest-xdist; each worker has its own test database). `make test` runs everything.
test-fast: install-dev
	$(BIN)/pytest -m "not e2e and not slow and not fuzz" --ignore-glob="tests/test_schemathesis*.py" -n auto -q

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## mypy with django-stubs on the domain rooms ([tool.mypy] in pyproject.toml).
typecheck: install-dev
	$(BIN)/mypy

migrations-check: install-dev
	$(BIN)/mestring makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
