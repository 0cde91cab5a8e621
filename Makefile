# The two commands: `make run` (install, migrate, demo data, serve with worker and beat)
# and `make test` (the whole suite). Both need only python3, make and git.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := var/uv/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PORT ?= 8000
DEMO_PASSWORD ?= coact-demo-2026

# uv uses the machine's python3 and never downloads an interpreter of its own.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell $(PYTHON) -c 'import sys; print(sys.executable)')
export DEMO_PASSWORD

.PHONY: help install run serve test test-suite lint format messages compile-messages clean bench bench-mail bench-referrals

help:
	@echo "make run   - install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)/"
	@echo "make test  - run the whole test suite"
	@echo "make lint  - ruff and djlint"
	@echo "make messages - refresh the fi/sv/en catalogues in locale/ from the source"
	@echo "make bench - load the directory under gunicorn on PostgreSQL (10,000 bench NGOs)"
	@echo "make bench-mail - 5,000 meeting invitations through 2 Celery workers to a loopback SMTP server"

$(UV):
	$(PYTHON) -m venv var/uv
	var/uv/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	@touch $@

install: $(VENV)/.synced

compile-messages: install
	@$(VENV)/bin/pybabel compile --domain django --directory locale --statistics 2>&1 | grep -v '^compiling' || true

# Without DATABASE_URL, `coact.devdb run` starts the embedded PostgreSQL (data in
# var/postgres/) for the command it wraps and stops it when the command ends (Ctrl-C).
WITH_DATABASE := $(PY) -m coact.devdb run --

run: install compile-messages
	@$(WITH_DATABASE) $(MAKE) --no-print-directory serve

# What `make run` does once the database is up.
serve: export SITE_URL ?= http://127.0.0.1:$(PORT)
serve:
	@mkdir -p var/broker/processed var/broker/control
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo ""
	@echo "  Co-Act Portal:  $(SITE_URL)/"
	@echo "  Demo sign-in:   coordinator@demo.example / $(DEMO_PASSWORD)"
	@echo "  Mail is printed by the web process (sign-in mail) and the worker (meeting mail)."
	@echo "  Stop everything with Ctrl-C."
	@echo ""
	@# --env /dev/null: a .env made for docker-compose (cp .env.example .env) is not for make run.
	$(VENV)/bin/honcho --env /dev/null --procfile Procfile.dev start --port $(PORT)

test: export DJANGO_SETTINGS_MODULE = coact.settings.test
test: install compile-messages
	@$(WITH_DATABASE) $(MAKE) --no-print-directory test-suite

# What `make test` runs once the database is up.
test-suite: export DJANGO_SETTINGS_MODULE = coact.settings.test
test-suite:
	@if command -v msgfmt >/dev/null; then \
	  $(MANAGE) compilemessages --ignore=.venv --ignore=var --ignore=node_modules -v 0; \
	else echo "msgfmt not found: catalogues compiled with Babel only"; fi
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/ruff check --quiet .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs GNU gettext (xgettext): apt-get install gettext
messages: install
	$(MANAGE) makemessages -l fi -l sv -l en --no-obsolete \
	  --ignore=.venv --ignore=var --ignore=staticfiles --ignore=node_modules --ignore=tests

# Needs PostgreSQL on 127.0.0.1; DATABASE_URL defaults to .../coact_bench (created if missing).
bench: install
	$(PY) bench/directory_load.py

# Needs PostgreSQL and Redis on 127.0.0.1: REDIS_URL=redis://127.0.0.1:6379/3 make bench-mail
# DATABASE_URL defaults to .../coact_bench_mail, which the run creates afresh and drops.
bench-mail: install
	$(PY) bench/meeting_invitations.py

# Needs PostgreSQL on 127.0.0.1; DATABASE_URL defaults to .../coact_bench_referrals.
bench-referrals: install
	$(PY) bench/referral_inbox.py

clean:
	rm -rf $(VENV) var/uv
