# Bildungsportal — set up, serve, test.  See docs/operations.md.
#
#   make run     .venv, install, migrate, reference data, demo catalog when empty, collectstatic,
#                gunicorn on http://127.0.0.1:$(PORT) (DEBUG off)
#   make dev     the same set-up, then Django's autoreloading runserver with DEBUG=1
#   make test    pytest on SQLite (with browser tests), then on a throwaway PostgreSQL server
#   make bench   the benchmarks (bench/run.py); never part of make test
#   make lint    ruff

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Reinstall only when pyproject.toml changes (or the venv is new).
STAMP := $(VENV)/.installed-bildungsportal
PORT ?= 8000
VAR := $(or $(BILDUNGSPORTAL_VAR),var)
RESULTS := var/test-results
PYTEST := $(BIN)/python -m pytest
PYTEST_ARGS ?=
# e.g. SETUP_ARGS=--no-demo: never generate the demo catalog
SETUP_ARGS ?=

.PHONY: help install run dev test test-sqlite test-postgres bench lint

help:
	@sed -n '2,9p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

install: $(STAMP)

$(VAR)/secret_key: | $(STAMP)
	@mkdir -p $(VAR)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# A SECRET_KEY from the environment wins; otherwise one generated for this checkout (var/).
# gunicorn's control socket (~/.gunicorn/gunicorn.ctl) is off: two servers would share it.
run: $(STAMP) $(VAR)/secret_key
	@export DEBUG=0 HTTPS=0 SECRET_KEY="$${SECRET_KEY:-$$(cat $(VAR)/secret_key)}"; \
	$(BIN)/bildungsportal setup $(SETUP_ARGS); \
	$(BIN)/bildungsportal collectstatic --noinput --verbosity 0; \
	echo "Serving http://127.0.0.1:$(PORT)/"; \
	exec $(BIN)/gunicorn bildungsportal.wsgi:application \
		--bind 127.0.0.1:$(PORT) --workers $${WEB_CONCURRENCY:-2} --access-logfile - \
		--no-control-socket

dev: $(STAMP)
	@mkdir -p $(VAR)
	@export DEBUG=1; \
	$(BIN)/bildungsportal setup $(SETUP_ARGS); \
	exec $(BIN)/bildungsportal runserver 127.0.0.1:$(PORT)

# Both passes always run; make test fails if either fails (pytest's exit 5, "no tests
# collected", included). PYTEST_ARGS passes options to both, e.g. PYTEST_ARGS="-x -k search".
test: $(STAMP)
	@mkdir -p $(RESULTS)
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite: $(STAMP)
	@mkdir -p $(RESULTS)
	@echo "=== pass 1 of 2: SQLite, every test including the browser tests ==="
	env -u DATABASE_URL $(PYTEST) \
		--junitxml=$(RESULTS)/sqlite.xml --results-json=$(RESULTS)/sqlite.json $(PYTEST_ARGS)

test-postgres: $(STAMP)
	@mkdir -p $(RESULTS)
	@echo "=== pass 2 of 2: throwaway PostgreSQL server, every test except the browser tests ==="
	env -u DATABASE_URL $(PYTEST) --postgres \
		--junitxml=$(RESULTS)/postgres.xml --results-json=$(RESULTS)/postgres.json $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check .
