# PCC Portal: `make demo` runs the demo, `make test` runs lint and every test.
# Needs Python 3.11 or 3.12 (for the embedded PostgreSQL) and make; nothing else.

# The first Python 3.11 or 3.12 that runs (pgserver has no wheels for newer ones), else python3.
PYTHON ?= $(or $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null \
	&& { echo $$p; break; }; done),python3)
VENV := .venv
BIN := $(VENV)/bin
export DEBUG ?= on

.PHONY: demo test lint pytest install serve migrate chromium-check clean-db

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py seed_demo
	@echo "Serving the demo on http://127.0.0.1:8000 (officer admin at /admin/). Ctrl-C stops it."
	$(BIN)/python manage.py runserver 127.0.0.1:8000

serve: install
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

chromium-check:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || [ -n "$$CHROMIUM_PATH" ]; then \
		echo "Chromium found: the browser tests will run."; \
	else \
		echo "*** No Chromium found: the browser tests in tests/browser/ will be SKIPPED. ***"; \
		echo "*** Install Debian's chromium package (or set CHROMIUM_PATH) to run them.  ***"; \
	fi

# The tests run in a random order (pytest-randomly prints its seed in the header; replay
# with PYTEST_ARGS=--randomly-seed=N), in PYTEST_WORKERS processes (pytest-xdist, a test
# file to a worker). Locally the test database is kept between runs (--reuse-db: it is
# migrated forward); with CI=true it is made afresh. See docs/testing.md.
PYTEST_WORKERS ?= 2
PYTEST_DB := $(if $(filter true,$(CI)),--create-db,--reuse-db)

pytest: install chromium-check
	$(BIN)/pytest $(PYTEST_DB) -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

test: lint pytest

clean-db:
	rm -rf var/pgdata
