# Everything a developer or CI needs, from a fresh clone. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The tests run against real PostgreSQL (see README); point TEST_DATABASE_URL elsewhere to change that.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/registry
LOCK_FLAGS := -q --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-trusted-host --no-emit-find-links

.PHONY: install npm lock lint format test run worker bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements-dev.lock pyproject.toml
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

install: $(VENV)/.installed  ## create .venv from the lock file

# axe-core, which the browser tests inject into every page, from package-lock.json (names, versions, hashes).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

npm: node_modules/.installed  ## node_modules from the npm lock file

lock:  ## re-resolve pyproject.toml into the two lock files
	$(BIN)/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(BIN)/pip-compile $(LOCK_FLAGS) --extra dev -o requirements-dev.lock pyproject.toml

# Templates and stylesheets are checked like the code: no line over 120 characters.
WIDE_FILES := $(shell find templates certificates/static -name '*.html' -o -name '*.css')

lint: install  ## ruff, mypy, the import contracts, template indentation and width, migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/djhtml --check templates
	@awk 'length > 120 { print FILENAME ":" FNR ": longer than 120 characters"; wide = 1 } END { exit wide }' $(WIDE_FILES)
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

test: lint npm  ## lint, then the whole test suite against PostgreSQL
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest

run: install  ## migrate, load the sample certificates through the pipeline, serve on 127.0.0.1:$(PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py ingest samples/
	$(BIN)/python manage.py import_oca_listing data/oca-registry-csms.csv
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

worker: install  ## a Celery worker with the beat scheduler (needs REDIS_URL and DATABASE_URL)
	$(BIN)/celery -A registry worker --beat --loglevel=info

bench: install  ## parser benchmark; figures go into BENCHMARKS.md
	$(BIN)/python bench/parse.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
