# `make generate` and `make test` are all a fresh machine needs: both create .venv/ first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BENCH_INSTALLED := $(VENV)/.bench-installed

.PHONY: generate check test lint bench golden clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

generate: $(INSTALLED)
	$(BIN)/scenario-codegen generate

check: $(INSTALLED)
	$(BIN)/scenario-codegen check

lint: $(INSTALLED)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

test: $(INSTALLED)
	$(BIN)/python -m pytest -n 2 --dist loadgroup -q

golden: $(INSTALLED)
	$(BIN)/python -m tests.golden.regenerate

bench: $(BENCH_INSTALLED)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
