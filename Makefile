# pvgraph — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STORE  ?= var/store
HOST   ?= 127.0.0.1
PORT   ?= 8000

# What the graph is built from: a change to any of these rebuilds the store; nothing else does.
GRAPH_SOURCES := $(shell find ontology shapes data -type f -not -path '*/submissions/*' 2>/dev/null) \
                 $(shell find src/pvgraph/build.py src/pvgraph/loading.py src/pvgraph/reasoning -name '*.py' 2>/dev/null)

.PHONY: install system-deps harvesters run build test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The package and its test tools, reinstalled only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

# ... and the front-end assets (checked against their pinned SHA-256 every time; fetched if needed).
install: $(VENV)/.installed
	bash scripts/install-assets.sh

# Debian packages the integration tests need (Virtuoso, chromium); installs only what is missing.
system-deps:
	bash scripts/install-system-deps.sh

# The portals' own harvesters (udata; CKAN + ckanext-dcat), each in its own virtualenv under
# .harvesters/, for the tests and `pvgraph harvest-check`; rebuilt only when their lock changes.
harvesters:
	PYTHON=$(PYTHON) bash scripts/install-harvesters.sh

$(STORE).built: $(GRAPH_SOURCES) | install
	$(BIN)/pvgraph build --store $(STORE)
	touch $@

build: $(STORE).built

run: build
	$(BIN)/pvgraph serve --store $(STORE) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

test: install system-deps harvesters lint
	$(BIN)/python -m pytest

bench: install system-deps
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .harvesters .pytest_cache .ruff_cache .hypothesis
