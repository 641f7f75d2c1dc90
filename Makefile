# The commands the README names. `make run` serves the platform; `make test` runs every test.
# Both set up what they need first: a virtual environment from the lock file (uv), and for the
# tests Debian's Chromium and the other system packages (scripts/system-deps.sh).

# The interpreter's real path, not a launcher's (pyenv's shims): uv compares it with the one the
# virtual environment was made from, and a different path made every `make` build the environment
# anew (two `make`s at once, as CI runs them, then broke each other's).
PYTHON ?= $(shell $$(command -v python3.11 || command -v python3) -c 'import sys; print(sys.executable)')
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
# Compiled modules are kept: every Python process (each pytest worker, every `regiodeal` a test
# starts, gunicorn) then loads Django and the platform from bytecode instead of compiling them
# again. Some machines set PYTHONDONTWRITEBYTECODE=1 for everything; an empty value switches it
# off for what make starts (measured: `regiodeal setup` 15.5 s to 11.5 s, collecting the suite
# 24 s to 10 s).
export PYTHONDONTWRITEBYTECODE :=
UV := $(PYTHON) -m uv
VENV := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres lint format messages articles samples screenshots venv system-deps bench clean

run: venv
	$(VENV)/regiodeal serve --host $(HOST) --port $(PORT)

test: venv system-deps lint test-sqlite

# -n auto: one pytest worker per core (pytest-xdist); each worker has its own test database.
# --dist worksteal: each worker starts on its half of the tests (the longest first: tests/conftest.py)
# and one that runs out takes half of what the other still has queued, so both finish together.
# (The default handed each worker a quarter of its share at the start; the worker that got the
# long tests then ran alone for the last 90 s.) Not --dist loadgroup: it keys its queue by test id,
# and schemathesis gives each API operation's case the same id, so all but one would not run.
# --durations: the slowest tests are named at the end of the run (where the suite's time goes).
PYTEST := $(VENV)/pytest -n auto --dist worksteal --durations=25
test-sqlite:
	$(PYTEST)

# The same suite against a throwaway PostgreSQL server (what CI runs after `make test`), less the
# kinds whose outcome does not depend on the database, which run on SQLite only: browser
# tests (what a page shows and does in Chromium), subprocess tests (they run the platform on their
# own SQLite file whatever DATABASE_URL says), the schemathesis fuzzing of the API, the
# presentation checks (every page in one language; the report's PDF tags and layout: they read the
# example portfolio, whose reading the other tests check on PostgreSQL), and tests that
# touch no database at all (tests/conftest.py leaves them out on PostgreSQL). Every page
# and form still runs on PostgreSQL through the role crawl (tests/web/test_workspace_crawl.py), the
# view tests and the API tests. `make test-postgres ALL=1` runs every kind on PostgreSQL too.
ONCE := not browser and not subprocess and not schemathesis and not presentation
test-postgres: venv
	bash scripts/system-deps.sh --postgres
	$(if $(ALL),REGIODEAL_TEST_ALL=1) bash scripts/with-postgres.sh $(PYTEST) $(if $(ALL),,-m "$(ONCE)")

lint: venv
	$(VENV)/ruff check src tests bench
	$(VENV)/ruff format --check src tests bench
	$(VENV)/lint-imports  # the layers of docs/architecture.md ([tool.importlinter] in pyproject.toml)

format: venv
	$(VENV)/ruff check --fix src tests bench
	$(VENV)/ruff format src tests bench

# After changing a translatable string: update the catalogue, translate, run again to compile.
messages: venv
	cd src/regiodeal && DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=$(CURDIR) \
	  ../../$(VENV)/django-admin makemessages -l en --no-location --no-obsolete && \
	  DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=$(CURDIR) ../../$(VENV)/django-admin compilemessages

# After adding or changing a check, a rule's docstring or a test named after an article:
# regenerate docs/articles.md (tests/platform/test_articles_doc.py fails while it is stale).
articles: venv
	$(VENV)/python scripts/articles.py

# After changing the IATI file, the DCAT catalogue, the example portfolio or the definition:
# rewrite docs/samples/ (tests/portal/test_standards.py fails while they are stale).
samples: venv
	$(VENV)/python scripts/samples.py

# Screenshots for review: the example portfolio on a temporary SQLite database, each
# role's home and the main public pages at 1280 and 390 px, into ./screenshots (git-ignored).
# LANGUAGE=en takes the English site.
screenshots: venv
	$(VENV)/python scripts/screenshots.py --out screenshots $(if $(LANGUAGE),--language $(LANGUAGE))

venv:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --locked --quiet --compile-bytecode

system-deps:
	bash scripts/system-deps.sh

# Every benchmark of docs/performance.md, at a tenth and at full size, on SQLite and PostgreSQL
# (about an hour; run it on a machine with nothing else on it). Not part of `make test`.
bench: venv
	bash scripts/system-deps.sh --postgres
	$(VENV)/python bench/run.py

clean:
	rm -rf .venv data .pytest_cache .ruff_cache
