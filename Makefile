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

.PHONY: install up test bench
install: $(VENV)/.installed

up: $(VENV)/.installed
	$(VENV)/bin/conflictkg up examples/seed-nl-paris-summit.txt

# Lint, type-check, then the suite. `-P`: the checkout's folders are not put on sys.path, so the
# tests import the package only as installed (`conflictkg.api`, never a second `api`).
test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(PY) tools/typecheck.py
	$(PY) -P -m pytest

bench: $(VENV)/.installed
	$(PY) -m pip install -q -e ".[bench]"
	$(PY) bench/extract.py
	$(PY) bench/api.py
