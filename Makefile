# Brobygger: `make run` serves the demo, `make test` runs every suite. Both install what they need.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
MANAGE := $(BIN)/python manage.py
LOCK := requirements/dev.lock
STAMP := $(VENV)/.installed
NPM_STAMP := frontend/node_modules/.installed
# The port `make run` serves on: `PORT=8001 make run`.
PORT ?= 8000
MO_FILES := $(patsubst %.po,%.mo,$(wildcard brobygger/locale/*/LC_MESSAGES/django.po))

.PHONY: setup run test test-sqlite test-postgres test-browser test-clock test-long lint fmt typecheck security \
        messages lock benchmark benchmark-linkage-1m benchmark-linkage-speed clean browser-deps

setup: $(STAMP) $(NPM_STAMP) $(MO_FILES)
	@bash scripts/ensure_fonts.sh

$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1"
	@bash scripts/ensure_icu.sh
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	@# Bytecode now, as a deployment compiles it: without it (and with PYTHONDONTWRITEBYTECODE
	@# set) every process compiles the libraries again, 2.4 s of each `brobygger link`.
	@$(BIN)/python -m compileall -q -j 0 brobygger config > /dev/null
	@touch $@

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

%.mo: %.po
	msgfmt --check -o $@ $<

run: setup
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(BIN)/brobygger demo --if-empty --scale small --print-logins
	@# The nightly retention purge (docs/privacy.md): queued once, run by the task worker.
	$(BIN)/brobygger purge --schedule
	@# The daily reminders of tomorrow's sessions (brobygger/meetings/tasks.py), queued once.
	$(BIN)/brobygger meetings remind --schedule
	@# The morning e-mail of tasks due, for those who asked for it: queued once, likewise.
	$(BIN)/brobygger tasks_digest --schedule
	@# The daily count of each saved list (brobygger/lists/tasks.py), queued once, likewise.
	$(BIN)/brobygger lists_snapshot --schedule
	@# The referrers' reminders of their referral link, on each link's schedule, likewise.
	$(BIN)/brobygger referral_reminders --schedule
	@# The reminder before a quarterly report is due (brobygger/reports/reminders.py), likewise.
	$(BIN)/brobygger report_reminders --schedule
	@# The deletion of the evaluators' extracts after EXTRACT_RETENTION_DAYS, likewise.
	$(BIN)/brobygger extracts_expire --schedule
	@echo "Brobygger serves on http://127.0.0.1:$(PORT) (stop with Ctrl+C)"
	@# The task worker runs list imports in the background; it stops with the server.
	$(MANAGE) db_worker --interval 1 --no-startup-delay & worker=$$!; \
	  trap "kill $$worker 2>/dev/null" EXIT; $(MANAGE) runserver 127.0.0.1:$(PORT)

# The whole suite: lint, types, migrations, SQLite, PostgreSQL, the moved clock and the browser.
test: setup lint typecheck security
	$(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(60))") \
	  FIELD_ENCRYPTION_KEY=$$($(BIN)/python -c "import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())") \
	  ALLOWED_HOSTS=brobygger.example $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-clock
	$(MAKE) test-browser

# With coverage of brobygger/ (the floor, [tool.coverage.report] fail_under, only rises).
test-sqlite: setup
	$(BIN)/pytest -m "not browser and not long" -n 2 -q --cov --cov-report=

test-postgres: setup
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/pytest -m "not browser and not long" -n 2 -q

# The SQLite suite three times with the clock moved by libfaketime (400 days ahead, New Year's
# Eve 23:30 UTC, just after the spring DST change): no test may depend on today's date.
test-clock: setup
	@bash scripts/test_clock.sh

test-browser: setup browser-deps
	$(BIN)/pytest -m browser -q -p no:randomly

# The long suites (tests/long/, about 20 minutes): the load test (benchmarks/load/run.py: 50
# simulated caseworkers for five minutes against gunicorn) and the fault tests (SIGKILL of a
# list import and of gunicorn). Each starts its own throwaway PostgreSQL 15 cluster through
# scripts/with_postgres.py, because they kill servers and load demo data.
test-long: setup browser-deps
	@echo "test-long: load and fault suites, on throwaway PostgreSQL 15 clusters (scripts/with_postgres.py)"
	$(BIN)/pytest -m long -q

browser-deps:
	@bash scripts/ensure_chromium.sh

# The templates' indentation is djhtml's (`make fmt` applies it).
TEMPLATES = $(shell find brobygger -path '*/templates/*' -name '*.html')

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $(TEMPLATES)

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djhtml $(TEMPLATES)

typecheck: setup
	$(BIN)/mypy brobygger config

# Bandit over the code (findings are fixed or explained per line: pyproject.toml [tool.bandit]),
# and the dependency audit, which says NOT CHECKED when no vulnerability service answers.
security: setup
	$(BIN)/bandit -q -c pyproject.toml -r brobygger config
	$(BIN)/python scripts/audit_dependencies.py

messages: setup
	cd brobygger && ../$(BIN)/django-admin makemessages -l da -l en --no-obsolete --add-location file
	$(MAKE) $(MO_FILES)

lock:
	$(UV) pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -q -o $(LOCK)
	$(UV) pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/main.lock

# Each benchmark runs on SQLite and on a throwaway PostgreSQL; results land in benchmarks/results/.
benchmark: setup
	$(BIN)/python benchmarks/start_page.py
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/python benchmarks/start_page.py
	$(BIN)/python benchmarks/person_search.py
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/python benchmarks/person_search.py
	$(BIN)/python benchmarks/criteria.py
	$(BIN)/python scripts/with_postgres.py -- $(BIN)/python benchmarks/criteria.py
	$(BIN)/python benchmarks/matching_mentors.py
	$(BIN)/python benchmarks/speeddating.py
	$(BIN)/python benchmarks/linkage/run.py
	$(BIN)/python benchmarks/duplicate_warning.py

# De-duplicating a million rows: Brobygger only (248 CPU seconds in the last run; see README).
benchmark-linkage-1m: setup
	$(BIN)/python benchmarks/linkage/run.py --scenarios dedupe1m --with-1m

# The linkage time targets (issue 20: 100,000 rows in 15 s, a million in 120 s) on a quiet
# machine: Brobygger only, three runs each of 10,000 and 100,000 rows (median seconds).
benchmark-linkage-speed: setup
	$(BIN)/python benchmarks/linkage/run.py --scenarios dedupe10k,dedupe100k --engines brobygger --repeat 3

clean:
	rm -rf $(VENV) frontend/node_modules var/static test-artifacts
