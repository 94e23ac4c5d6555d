# GCM Progress Portal — developer entry points. `make` alone lists the targets.
# Everything runs through .venv/bin/... (no activation needed).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?= -n 2

# Dev-only targets default DEBUG to true (settings accept the dev SECRET_KEY then),
# unless the caller already set DEBUG. `make test` never forces DEBUG.
DEV_ENV := DEBUG=$${DEBUG:-true}
# Directories that makemessages/compilemessages must not walk into.
I18N_IGNORE := --ignore=.venv --ignore=var --ignore=media --ignore=staticfiles --ignore=static \
               --ignore=node_modules --ignore=test-artifacts --ignore=tests --ignore=bench

.DEFAULT_GOAL := help
.PHONY: help sysdeps install migrate seed run test lint format messages check backup restore

help: ## List the targets
	@echo "GCM Progress Portal — make targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_.\/-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: PYTHON=$(PYTHON) (used to create .venv), PYTEST_ARGS='$(PYTEST_ARGS)', PORT (make run)"

sysdeps: ## Install missing Debian/Ubuntu packages (bin/install-system-deps)
	@PYTHON="$(PYTHON)" bin/install-system-deps

$(STAMP): requirements.txt | sysdeps
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "ERROR: Python >= 3.11 is required, but '$(PYTHON)' is: $$($(PYTHON) --version 2>&1)."; \
	  echo "       Install a newer Python and run e.g.: make install PYTHON=python3.11"; exit 1; }
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "Existing $(VENV) uses $$($(PY) --version 2>&1) (< 3.11): recreating it."; rm -rf $(VENV); fi
	@if [ ! -x $(PY) ] || ! $(PY) -m pip --version >/dev/null 2>&1; then \
	  echo "Creating $(VENV) with $$($(PYTHON) --version 2>&1)"; $(PYTHON) -m venv --clear $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install -r requirements.txt
	@touch $@

install: sysdeps $(STAMP) ## System packages + .venv with requirements.txt (rebuilt when it changes)

migrate: install ## Apply database migrations
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: export DEBUG = true
seed: migrate ## Load demo data (python manage.py seed_demo, DEBUG=true)
	$(PY) manage.py seed_demo

run: export DEBUG = true
run: install migrate seed ## Dev server on 127.0.0.1:PORT (default 8000) + one Celery worker with embedded beat
	bin/run-embedded

test: install ## Run pytest (pass options with PYTEST_ARGS="-k foo -x")
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install ## ruff check + ruff format --check + bandit (medium and high findings) + Arabic catalogue in step
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit --quiet --configfile pyproject.toml --severity-level medium --recursive .
	$(DEV_ENV) $(PY) bin/check-messages

format: install ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Update locale/ar (python + templates) and compile .mo files
	$(DEV_ENV) $(PY) manage.py makemessages -l ar --add-location=file $(I18N_IGNORE)
	$(DEV_ENV) $(PY) manage.py compilemessages $(I18N_IGNORE)

check: install ## Django system checks + makemigrations --check --dry-run
	$(DEV_ENV) $(PY) manage.py check
	$(DEV_ENV) $(PY) manage.py makemigrations --check --dry-run

# backup and restore run in production with its own environment (no DEBUG forced) and install
# nothing: they need an installed .venv and the PostgreSQL client programs (docs/operations.md).
backup: ## Database dump + media files + checksum manifest, in DATA_DIR/backups/<UTC time> or BACKUP_DIR
	$(PY) manage.py backup $(if $(BACKUP_DIR),--output "$(BACKUP_DIR)")

restore: ## Check a backup and restore it into an empty database: BACKUP=path [RESTORE_ARGS=--replace]
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=path/to/backup [RESTORE_ARGS=--replace]" >&2; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(RESTORE_ARGS)
