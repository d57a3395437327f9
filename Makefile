# Pit Wall: `make run` starts the app, `make test` runs every test. `make help` lists targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := check
.PHONY: help run test check lint format ingest-kit bench clean-store

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

run: $(STAMP) ## install (once) and start the app on data/f1.duckdb
	$(BIN)/streamlit run app.py

test: $(STAMP) ## install (once) and run the whole test suite
	$(BIN)/python -m pytest

check: lint test ## lint, then test (default)

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ingest-kit: $(STAMP) ## load the whole data kit (../shared/data or $$F1_DATA_KIT) from the command line
	$(BIN)/python -m f1core ingest --kit $${F1_DATA_KIT:-../shared/data}

bench: $(STAMP) ## run every benchmark in bench/
	@for b in bench/[a-z]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done
