# Sopan — the two commands a newcomer needs are `make run` and `make test` (README.md).
# Everything else here is what those two call.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help machine run test setup deps assets messages static migrate demo lint check-migrations check-translations \
        pytest makemessages lock clean bench-data bench bench-national restore-drill

help:
	@echo "make run   - set up everything and serve Sopan on http://$(HOST):$(PORT) with demo data"
	@echo "make test  - set up everything and run the whole suite (lint, migrations, translations, tests)"

# --- setup ------------------------------------------------------------------------------------------------------
# First of all, what the machine lacks (Python 3.11+ with venv, Pango, Node.js and npm; gettext for the translation
# check), each with the package that brings it: the system Python runs it, before the virtual environment exists.
machine:
	@$(PYTHON) scripts/check_machine.py

$(PY): | machine
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt requirements-dev.txt | machine $(PY)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

node_modules/.assets: package.json package-lock.json | machine
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

deps: $(VENV)/.deps
assets: node_modules/.assets

# Compiled translations are build output (not committed); compiling needs GNU gettext's msgfmt, or falls back to
# polib, so a machine without gettext still builds.
messages: deps
	$(PY) scripts/compile_messages.py

static: deps assets
	$(MANAGE) collectstatic --noinput --verbosity 0

migrate: deps
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) createcachetable

setup: deps assets messages static migrate

demo: setup
	$(MANAGE) seed_demo

run: demo
	bin/serve $(HOST) $(PORT)

# --- checks -----------------------------------------------------------------------------------------------------
lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check-migrations: deps
	$(MANAGE) makemigrations --check --dry-run --verbosity 1

# Needs GNU gettext; without it the check is skipped and said so here and at the end of `make test`, unless
# SOPAN_REQUIRE_GETTEXT=1 (.ci/run), with which it runs and fails.
check-translations: deps
	@if $(PYTHON) scripts/check_machine.py --translation-check; then \
		echo "$(PY) scripts/check_translations.py"; $(PY) scripts/check_translations.py; \
	else \
		echo "Translation check SKIPPED: GNU gettext is not installed (sudo apt install gettext / sudo dnf install gettext)."; \
	fi

# The suite runs in parallel (pytest-xdist): PYTEST_WORKERS processes, one per core by default (`auto`, which
# PYTEST_XDIST_AUTO_NUM_WORKERS can lower); `make pytest PYTEST_WORKERS=0` (or PYTEST_ARGS="-n 0 ...") runs it in this
# process, for a debugger. worksteal: a worker that runs out of tests takes half of another's remaining ones, so a few
# slow tests do not leave a core idle at the end. Each run ends with its 20 slowest tests (docs/operations.md, CI time).
PYTEST_WORKERS ?= auto
PYTEST_DIST ?= worksteal
pytest: deps assets messages static
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist $(PYTEST_DIST) --durations=20 $(PYTEST_ARGS)

test: lint check-migrations check-translations pytest
	@$(PYTHON) scripts/check_machine.py --summary

# The restore drill (docs/operations.md, "Restore"): a running installation in a scratch folder is backed up while it
# writes, restored by the documented procedure and proven equal (row counts, document SHA-256, audit chains).
# CI runs it after the lanes. Leaves var/ alone.
restore-drill: deps messages
	$(PY) scripts/restore_drill.py

# --- benchmarks -------------------------------------------------------------------------------------------------
# A realistic data set in PostgreSQL (benchmarks/datagen): SCALE=kota (1 organisation) or nasional (600), into the
# database sopan_bench_<scale>, which is dropped and made anew; timings and sizes in benchmarks/results/.
SCALE ?= kota
bench-data: setup
	$(PY) -m benchmarks.datagen --scale $(SCALE)

# The load test (benchmarks/load, method in benchmarks/README.md): `bench` a short run at kota scale (a few minutes),
# `bench-national` the full one; each makes its data set first when it is missing.
bench: setup
	$(PY) -m benchmarks.datagen --scale kota --if-missing
	$(PY) -m benchmarks.load.run --scale kota --duration 15 --warmup 5

bench-national: setup
	$(PY) -m benchmarks.datagen --scale nasional --if-missing
	$(PY) -m benchmarks.load.run --scale nasional --duration 60 --warmup 10

# --- maintenance ------------------------------------------------------------------------------------------------
makemessages: deps
	$(MANAGE) makemessages --locale id --no-obsolete --no-location --ignore "node_modules/*" --ignore ".venv/*" \
		--ignore "var/*"

lock:
	rm -rf /tmp/sopan-lock && $(PYTHON) -m venv /tmp/sopan-lock
	/tmp/sopan-lock/bin/pip install --quiet -r requirements.in
	/tmp/sopan-lock/bin/pip freeze > requirements.txt
	/tmp/sopan-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "-r requirements.txt"; /tmp/sopan-lock/bin/pip freeze | grep -v -x -F -f requirements.txt) \
		> requirements-dev.txt

clean:
	rm -rf $(VENV) node_modules var/static
