# Pit Wall: `make run` starts the app, `make test` runs every test. `make help` lists targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := check
.PHONY: help run test check lint format ingest-kit pack bench clean-store

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

PACK_STORE := data/pack-build.duckdb
pack: $(STAMP) ## rebuild data/pack (the shipped data) from the data kit, through a fresh store
	rm -f $(PACK_STORE) $(PACK_STORE).wal
	$(BIN)/python -m f1core --store $(PACK_STORE) ingest --kit $${F1_DATA_KIT:-../shared/data}
	$(BIN)/python -m f1core --store $(PACK_STORE) pack export data/pack
	rm -f $(PACK_STORE) $(PACK_STORE).wal

bench: $(STAMP) ## run every benchmark in bench/
	@for b in bench/[a-z]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done
