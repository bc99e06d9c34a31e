# pvgraph — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install system-deps run build serve test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The package, its test tools and the front-end assets, into .venv (idempotent).
install: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	bash scripts/install-assets.sh

# Debian packages the integration tests need (Virtuoso, chromium); installs only what is missing.
system-deps:
	bash scripts/install-system-deps.sh

build: install
	$(BIN)/pvgraph build --store $(STORE)

run: build
	$(BIN)/pvgraph serve --store $(STORE) --host $(HOST) --port $(PORT)

test: install system-deps
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/python -m pytest

bench: install system-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis
