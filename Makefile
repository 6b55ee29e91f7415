# Harbour: `make run` and `make test` do all set-up on a fresh machine (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HARBOUR := $(BIN)/harbour
CHROMIUM := /usr/bin/chromium
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help run test install build lint api-types-check typecheck test-frontend test-api test-api-postgres test-e2e bench bench-national lock clean

help:
	@echo "make run    install, build, migrate, load demo data and serve on http://127.0.0.1:8000"
	@echo "make test   install what the tests need, then lint, type checks and every test"
	@echo "make bench  measure bundle sizes, start-up and memory, statement sync, phones syncing at once, the triage queue, each screen's requests, push throughput and Lighthouse (see bench/)"
	@echo "make bench-national  152 councils on one PostgreSQL under 200 simulated people (docs/national-scale.md)"
	@echo "make lock   re-resolve requirements.lock after changing pyproject.toml"

# --- installing -------------------------------------------------------------------------

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Harbour needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	@node -e 'if (+process.versions.node.split(".")[0] < 20) { console.error("Harbour needs Node 20 or newer"); process.exit(1) }'
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed node_modules/.installed

# The built app and service worker; rebuilt when any front-end source changes.
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/index.html frontend/calculator.html frontend/vite.config.ts \
	service-worker -type f 2>/dev/null) package.json
frontend/dist/index.html: node_modules/.installed $(FRONTEND_SOURCES)
	npm run build

build: frontend/dist/index.html

# --- running ----------------------------------------------------------------------------

run: install build
	$(HARBOUR) migrate
	$(HARBOUR) demo
	$(HARBOUR) serve

# --- testing ----------------------------------------------------------------------------

# Debian's Chromium drives the end-to-end tests (Playwright cannot download its own here).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "Chromium is missing. Install it with: sudo apt-get install chromium"; exit 1; \
	fi

# Python style, both import contracts (Python's in pyproject.toml [tool.importlinter], the
# front end's in frontend/tools/import-contract.ts) and the generated API types being up to date.
lint: $(VENV)/.installed node_modules/.installed
	$(BIN)/ruff check backend tests e2e bench migrations
	$(BIN)/ruff format --check backend tests e2e bench migrations
	$(BIN)/lint-imports --no-cache
	npm run lint:imports
	$(MAKE) --no-print-directory api-types-check

# The front end's API types are generated from the OpenAPI document (`npm run api:types`
# after changing what the API sends or takes); this fails when the checked-in file differs.
API_TYPES := frontend/src/api/schema.d.ts
api-types-check: $(VENV)/.installed node_modules/.installed
	@fresh=$$(mktemp -d) && trap 'rm -rf "$$fresh"' EXIT && \
	API_TYPES_FILE="$$fresh/schema.d.ts" npm run --silent api:types && \
	if ! diff -u "$(API_TYPES)" "$$fresh/schema.d.ts"; then \
		echo "$(API_TYPES) is out of date: run npm run api:types and commit it."; exit 1; \
	fi

typecheck: install
	$(BIN)/mypy
	npm run typecheck

test-frontend: node_modules/.installed
	npm test

test-api: $(VENV)/.installed
	env -u HARBOUR_TEST_DATABASE_URL $(BIN)/pytest tests

# Runs the same API tests on PostgreSQL when HARBOUR_TEST_DATABASE_URL names a server.
test-api-postgres: $(VENV)/.installed
	@if [ -n "$$HARBOUR_TEST_DATABASE_URL" ]; then $(BIN)/pytest tests; \
	else echo "HARBOUR_TEST_DATABASE_URL is not set: skipping the PostgreSQL run."; fi

test-e2e: install build $(CHROMIUM)
	$(BIN)/pytest e2e

test: install build $(CHROMIUM) lint typecheck test-frontend test-api test-api-postgres test-e2e

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund
	touch $@

# Locust, for the national-scale load test, in a virtualenv of its own: it brings gevent and
# its own pins, which stay out of requirements.lock and the app's .venv.
.venv-bench/.installed: bench/requirements.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet -r bench/requirements.txt
	touch $@

bench: install build $(CHROMIUM) bench/node_modules/.installed
	$(BIN)/python -m bench.bundle_size
	$(BIN)/python -m bench.startup
	$(BIN)/python -m bench.statements_sync
	$(BIN)/python -m bench.triage_queue
	$(BIN)/python -m bench.phones_at_once
	$(BIN)/python -m bench.screens
	$(BIN)/python -m bench.push_throughput
	$(BIN)/python -m bench.lighthouse

# England on one PostgreSQL server (NATIONAL_DATABASE_URL names a database that must not exist
# yet): about 15 minutes to fill on 2 cores, then the workers' first pass and the load test,
# 200 users at three paces, 150 s each (docs/national-scale.md).
NATIONAL_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/harbour_national
NATIONAL_LOAD_ARGS ?= --wait 5,15 --wait 2,6 --wait 1,3
bench-national: install .venv-bench/.installed
	$(BIN)/python -m bench.national_data --create --database-url $(NATIONAL_DATABASE_URL)
	$(BIN)/python -m bench.national_load --database-url $(NATIONAL_DATABASE_URL) $(NATIONAL_LOAD_ARGS)

# --- maintenance ------------------------------------------------------------------------

lock: $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet ".[dev]"
	.venv-lock/bin/pip freeze --exclude harbour > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .venv-bench node_modules bench/node_modules frontend/dist var/harbour.db*
