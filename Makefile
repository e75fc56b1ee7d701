# kompetansebot: `make run` (console chat) and `make test` (the whole suite) from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip

.PHONY: run test lint bench servers clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# constraints.txt pins every package (reproducible installs); `make lock` refreshes it.
$(VENV)/.installed-run: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -q -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.installed-run

# Resolve the newest versions pyproject.toml allows in a scratch venv and pin them all in constraints.txt.
LOCK_VENV := .venv-lock
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q --upgrade pip
	$(LOCK_VENV)/bin/pip install -q -e '.[dev]'
	{ echo "# Pinned versions of every package kompetansebot and its dev tools install (Python `$(LOCK_VENV)/bin/python -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'`), used by"; \
	  echo "# \`make run\` / \`make test\` as pip constraints (-c). Refresh with \`make lock\` after changing the"; \
	  echo "# dependencies in pyproject.toml (see DEVELOPERS.md); do not edit by hand."; \
	  $(LOCK_VENV)/bin/pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)

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
	$(BIN)/lint-imports

bench: $(VENV)/.installed-dev servers
	bash scripts/run-benchmarks.sh

clean:
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
