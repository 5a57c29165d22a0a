# SCO Cooperation Portal. `make help` lists the targets.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help venv setup run test lint bench serve backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/activate requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed ## Create the virtual environment and install the requirements

# The checkers of the browser tests (axe-core, the Nu HTML Checker), as package-lock.json pins them.
# --ignore-scripts: vnu-jar's install script would download a Java runtime; the machine's own runs it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	elif [ -n "$$CI" ]; then echo "npm is needed for the browser tests: apt-get install npm"; exit 1; \
	else echo "npm not found, so the accessibility and HTML checks will skip: apt-get install npm"; fi

setup: venv ## Migrate the database and load the demo content
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py load_content

run: setup ## Set everything up and serve the portal on http://127.0.0.1:8000/
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: venv node_modules/.installed ## Set up and run the whole test suite
	$(BIN)/pytest -n 2 --dist loadfile

lint: venv ## Check style with ruff
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: venv ## Benchmark 1,000 and 100,000 items under gunicorn and wrk (docs/benchmark.md; BENCH_ARGS=--help)
	$(PY) bench/run.py $(BENCH_ARGS)

serve: venv ## Production: collect static files, migrate, serve with gunicorn (README, "Deploying")
	$(PY) manage.py collectstatic --noinput
	$(PY) manage.py migrate --noinput
	$(BIN)/gunicorn

backup: venv ## Write everything to backups/sco-<time>.json.gz (or FILE=...)
	@mkdir -p backups
	$(PY) manage.py backup $(or $(FILE),backups/sco-$(shell date -u +%Y%m%dT%H%M%SZ).json.gz)

restore: venv ## Load FILE=... (from make backup) into an empty database
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/sco-....json.gz"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore $(FILE)

clean: ## Remove the virtual environment, database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
