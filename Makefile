# make run: set up and serve the app with demo data on http://127.0.0.1:5000
# make test: set up and run the whole suite (lint, unit, web, migrations)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app app
DEMO_CASES ?= 2000
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install run migrate seed test lint format clean translations compile-translations bench
SCALE ?= 200000
SMALL ?= 10000
REQUESTS ?= 200
COMPLAINTS ?= 2400

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Compiled catalogs (.mo) are build output, never committed or edited by hand.
compile-translations: install
	$(BIN)/pybabel compile -d complaints/translations --statistics

# Extract every marked string, update each language's catalog, compile.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--omit-header -o complaints/translations/messages.pot .
	$(BIN)/pybabel update -i complaints/translations/messages.pot -d complaints/translations \
		--no-fuzzy-matching --ignore-obsolete
	$(MAKE) compile-translations

instance:
	mkdir -p instance

migrate: compile-translations instance
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) demo seed --if-empty --cases $(DEMO_CASES)

run: seed
	$(FLASK) run --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: compile-translations lint
	$(BIN)/pytest

# Timings at SMALL and SCALE cases, then three rounds of COMPLAINTS submissions through gunicorn;
# BENCH_DATABASE_URL=postgresql://... to run on PostgreSQL (its tables are dropped first).
bench: compile-translations
	$(BIN)/python bench/run.py --scale $(SCALE) --small $(SMALL) --requests $(REQUESTS) \
		--complaints $(COMPLAINTS) $(if $(BENCH_DATABASE_URL),--database $(BENCH_DATABASE_URL),)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
