# One way in: the targets a person types are the ones CI calls.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# make run listens on this machine only; ADDRESS=0.0.0.0 opens it (and its searches) to the network.
ADDRESS ?= 127.0.0.1
# The browser test drives Debian's Chromium (no browser download). CI sets CI=1: a skip fails it.
export CLINIC_FINDER_CHROMIUM ?= /usr/bin/chromium
# `make bench BENCH_SCALE=tiny` only proves the benchmark runs (tests/test_bench.py does that)
BENCH_SCALE ?= full
# Every package comes from the lock files, each file checked against its hash.
INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes
LOCK := $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links

.PHONY: install settings run dev serve test test-e2e-under-load check data vendor bench loadtest lint lock clean translations
# make serve reads SERVE_PROCESSES, SERVE_LISTEN, SERVE_TLS_CERT, SERVE_TLS_KEY,
# SERVE_REDIRECT_FROM, SERVE_LOG_DIR and the CLINIC_FINDER_* settings from the environment or
# this command line (`make serve SERVE_PROCESSES=2`); their defaults and meanings are in one
# table, clinic_finder/settings.py SETTINGS, printed in the README's "Settings".
# `make test` runs the quick profile (about 8 min on 2 cores; README), CI `make test PROFILE=full`.
# Each kind of test runs in both; the full one tries more inputs and journeys.
PROFILE ?= quick
ifeq ($(PROFILE),full)
export CLINIC_FINDER_FUZZ_INPUTS ?= 10000
export CLINIC_FINDER_E2E_SEEDS ?= 5
export CLINIC_FINDER_E2E_STEPS ?= 25
export CLINIC_FINDER_BENCH_SCALE ?= tiny
export CLINIC_FINDER_HSDS_SAMPLE ?= 1
export CLINIC_FINDER_E2E_SCREENS ?= all
else
export CLINIC_FINDER_FUZZ_INPUTS ?= 400
export CLINIC_FINDER_E2E_SEEDS ?= 1
export CLINIC_FINDER_E2E_STEPS ?= 10
export CLINIC_FINDER_BENCH_SCALE ?= smoke
export CLINIC_FINDER_HSDS_SAMPLE ?= 50
export CLINIC_FINDER_E2E_SCREENS ?= one
endif
# Test files spread over the machine's cores (pytest-xdist); WORKERS=0 runs them in one process.
WORKERS ?= 2


# The only step that installs: make serve (and the service) never runs pip, and refuses to start
# while requirements.txt is newer than this stamp (after a `git pull`, run make install).
install: $(VENV)/.runtime

$(VENV)/.runtime: requirements.txt
	@test -n "$(PYTHON)" || { echo "needs Python 3.11 (python3.11 or python3 on PATH)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(INSTALL) -r requirements-dev.txt
	touch $@

# The server patients meet, started as serve/apps.py starts every app process (make serve, the
# browser tests and the benchmark too); its settings are .streamlit/config.toml's.
run: $(VENV)/.runtime
	$(PY) -m serve.apps --port $(PORT) --address $(ADDRESS)

# For people changing the code: the same server, reloading when a file is saved.
dev: $(VENV)/.runtime
	$(PY) -m serve.apps --port $(PORT) --address $(ADDRESS) --dev

# Every core: SERVE_PROCESSES app processes on loopback ports behind nginx, supervised (serve/,
# README "Operating it"). Installs nothing: `make install` first. SIGINT or SIGTERM to make stops it.
serve:
	@test -x $(PY) || { echo "make serve: no $(VENV): run make install first"; exit 2; }
	$(PY) -m serve

# What the pre-commit hooks run too: lint, formatting, types, and the import contract (the
# layers of clinic_finder, pyproject.toml [tool.importlinter]).
check: $(VENV)/.dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(VENV)/bin/lint-imports --no-cache --no-logo

# Chromium and nginx are installed first where they can be (root, apt-get), or make test stops
# at once naming them; every test then runs, and the last lines say how many did not, and why.
test: check
	@./scripts/system_needs.sh
	$(PY) -m pytest -n $(WORKERS) --dist loadfile --durations=10

# The browser tests ROUNDS times in a row on 2 workers while another process keeps one core busy
# (a shared machine); stops at the first failing round and prints each round's counts.
ROUNDS ?= 5
test-e2e-under-load: $(VENV)/.dev
	@test -x "$(CLINIC_FINDER_CHROMIUM)" || { echo "needs Chromium at $(CLINIC_FINDER_CHROMIUM) (apt-get install chromium chromium-driver)"; exit 1; }
	ROUNDS=$(ROUNDS) WORKERS=2 ./scripts/e2e_under_load.sh $(PY)

data: $(VENV)/.runtime
	$(PY) -m clinic_finder build

# The message catalogues (locales/, gettext via Babel): the app's words from the code, the service
# names and descriptions from data/service_codes.csv; each language's .po is updated (new messages
# untranslated, to be filled in) and compiled to the .mo the app reads. The .mo files are committed:
# the app runs without this step; tests/test_translations.py fails when a .mo is stale.
translations: $(VENV)/.runtime
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location --sort-output \
		--project clinic-finder -o locales/messages.pot .
	PYTHONPATH=. $(PY) scripts/services_pot.py locales/services.pot
	$(VENV)/bin/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching
	$(VENV)/bin/pybabel update -i locales/services.pot -d locales -D services --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d locales -D messages --statistics
	$(VENV)/bin/pybabel compile -d locales -D services --statistics

# The README's settings reference, written from the one table in clinic_finder/settings.py.
settings:
	PYTHONPATH=. $(PY) scripts/settings_reference.py

# Re-fetches static/vendor/ and static/basemap/ from the npm registry (needs node + npm).
vendor:
	./scripts/vendor_assets.sh

# The benchmark writes workbooks (openpyxl) and drives Chromium (playwright): the dev requirements.
bench: $(VENV)/.dev
	$(PY) -m benchmarks --scale $(BENCH_SCALE)

# The load test alone, at full size (a few minutes): our app on 1 process, behind make serve
# with 2, and the typical peer app; writes benchmarks/load-results.md.
loadtest: $(VENV)/.dev
	$(PY) -m benchmarks.load --scale $(BENCH_SCALE)

lint: check

# After editing requirements.in or requirements-dev.in: new lock files (from the package index).
lock: $(VENV)/.dev
	$(LOCK) -o requirements.txt requirements.in
	$(LOCK) -o requirements-dev.txt requirements-dev.in

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis .run
