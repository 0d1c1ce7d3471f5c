# The two commands: `make demo` (install, create the demo, serve it) and `make test` (install, run
# every test). Everything else here is what they need. Installs are redone only when the pinned
# dependency files change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/lagesbild

.PHONY: demo test bench install install-test system-packages lint messages

# Python keeps its compiled bytecode (__pycache__, ignored by git) even where the environment
# sets PYTHONDONTWRITEBYTECODE: else every test process, server and command compiles the project
# again on start (0.9 s of a command's 2.3 s here). So pip need not compile all of site-packages
# up front either (--no-compile, 40 s of the install): a module is compiled when first imported.
unexport PYTHONDONTWRITEBYTECODE

# Two-factor login is off for the demo so that every printed account works at once; the demo
# prints which accounts need it in production and how to try it (README, "Security").
demo: install
	LAGESBILD_REQUIRE_2FA=false $(BIN)/lagesbild demo

test: install-test
	POSTGRES_TEST_URL=$(POSTGRES_TEST_URL) bash scripts/test.sh

# Benchmarks with their baselines (docs/performance.md); pass flags with BENCH_ARGS, e.g.
# make bench BENCH_ARGS="--sizes demo,1m --connections 64 --duration 180". Needs PostgreSQL at
# 127.0.0.1:5432 for the PostgreSQL half (or BENCH_ARGS="--databases sqlite").
BENCH_ARGS ?=
bench: $(VENV)/.installed-bench node_modules/.installed
	bash scripts/install-system-packages.sh wrk fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
	$(BIN)/python bench/run.py $(BENCH_ARGS)

$(VENV)/.installed-bench: $(VENV)/.installed-test pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --no-compile -c constraints.txt -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-test: system-packages $(VENV)/.installed-test node_modules/.installed

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --no-compile -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet --no-compile -c constraints.txt -e ".[test]"
	touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages the tests need: a browser and its driver, PDF-to-image, fonts, Pango for WeasyPrint,
# xmlsec1 for pysaml2's signatures (SAML login).
system-packages:
	bash scripts/install-system-packages.sh chromium chromium-driver poppler-utils redis-server fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 xmlsec1

lint: install-test
	$(BIN)/ruff check src bench scripts
	$(BIN)/ruff format --check src bench scripts
	$(BIN)/python scripts/check_types.py

# Refresh the translation catalogue after changing Swedish texts (needs GNU gettext).
messages: install
	cd src/lagesbild && ../../$(BIN)/lagesbild makemessages -l en && ../../$(BIN)/lagesbild compilemessages -l en
