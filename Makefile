# kompetansebot: `make run` (console chat) and `make test` (the whole suite) from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip

.PHONY: run test lint bench servers clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e '.[dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/kompetansebot stats import --example --if-empty
	$(BIN)/kompetansebot console

servers:
	bash scripts/ensure-dovecot.sh
	bash scripts/ensure-postgres.sh

test: $(VENV)/.installed-dev servers
	bash scripts/run-tests.sh

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check bot handlers forms calc tests
	$(BIN)/mypy

bench: $(VENV)/.installed-dev servers
	bash scripts/run-benchmarks.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
