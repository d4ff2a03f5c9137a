# Two commands for a fresh machine with Python 3.11+ and make: `make run`, `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app workshop
# Where `make run` serves: `make run HOST=0.0.0.0 PORT=5050` lets phones on the local network in.
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install install-dev translations translations-update lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(MAKE) --no-print-directory translations

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(MAKE) --no-print-directory translations

translations:
	$(BIN)/pybabel compile -d translations 2>&1 | grep -v "^compiling" || true

# After adding or changing a user-facing string: refresh the catalogs, then fill the empty msgstr
# in translations/nl and translations/en. No locations and sorted msgids: moving code never
# rewrites the catalogs, and two changes add their strings in different places.
translations-update: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
	rm translations/messages.pot

run: install
	$(FLASK) db upgrade
	SERVE_HOST=$(HOST) SERVE_PORT=$(PORT) $(FLASK) demo --if-empty
	SERVE_HOST=$(HOST) $(FLASK) run --host $(HOST) --port $(PORT)

# The suite runs on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: install-dev
	$(BIN)/ruff check .
	@echo "== Test run on SQLite (a copy of a migrated template per test) =="
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== Test run on PostgreSQL: $$TEST_DATABASE_URL (browser tests ran above: their server keeps its own SQLite file) =="; \
	  $(BIN)/python -m pytest --ignore=tests/browser; \
	else \
	  echo "PostgreSQL run skipped: TEST_DATABASE_URL not set"; \
	fi

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance/*.sqlite3
