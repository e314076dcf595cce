# The two commands of the README: `make up` (local Neo4j, seed article, API) and `make test`
# (ruff, mypy, pytest).
VENV ?= .venv
PY := $(VENV)/bin/python
EXTRAS ?= test,analysis

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	touch $@

# The extractor and the resolution modules compiled with mypyc (tools/build_native.py), each
# rebuilt when a source changes (for graph/, any of its modules: graph/__init__.py lists those
# compiled, and no second list here can fall out of step with it). The extractor is compiled
# against graph/'s types too, so a change there rebuilds it as well. Without a C compiler the
# Python sources run; `python tools/build_native.py --clean` goes back to them.
NATIVE := loaders/native.json graph/native.json

.PHONY: install native up test bench
install: $(VENV)/.installed $(NATIVE)

native: $(NATIVE)
loaders/native.json: $(VENV)/.installed $(filter-out loaders/__init__.py,$(wildcard loaders/*.py)) $(wildcard graph/*.py)
	$(PY) tools/build_native.py loaders
graph/native.json: $(VENV)/.installed $(wildcard graph/*.py)
	$(PY) tools/build_native.py graph

up: $(VENV)/.installed $(NATIVE)
	$(VENV)/bin/conflictkg up examples/seed-nl-paris-summit.txt

# Lint, type-check, then the suite. `-P`: the checkout's folders are not put on sys.path, so the
# tests import the package only as installed (`conflictkg.api`, never a second `api`).
test: $(VENV)/.installed $(NATIVE)
	$(VENV)/bin/ruff check .
	$(PY) tools/typecheck.py
	$(PY) -P -m pytest

bench: $(VENV)/.installed $(NATIVE)
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) bench/extract.py
	$(PY) bench/api.py
