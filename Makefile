# Accord: `make serve` to run it locally, `make test` to run every test. `make` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python -m accord manage

# A Python of 3.12 or newer: on PATH first, then through pyenv. Empty when there is none.
PYTHON := $(shell for p in python3.13 python3.12 python3; do \
    c=$$(command -v $$p 2>/dev/null) && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$c; exit; }; \
  done; \
  command -v pyenv >/dev/null 2>&1 && for v in $$(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])(\.[0-9]+)?$$' | sort -rV); do \
    c=$$(pyenv prefix $$v 2>/dev/null)/bin/python3 && [ -x $$c ] && { echo $$c; exit; }; \
  done)

.PHONY: help setup browser gettext serve test check format bench demo assets messages clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Accord needs Python 3.12 or newer, and none was found on PATH or through pyenv."; \
	  echo "Install one (for example 'pyenv install 3.12') and run make again."; exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Create the virtual environment and install Accord with its tools

serve: setup ## Set up, migrate, load the demo; serve on http://127.0.0.1:8000 with the worker and sweep
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	scripts/serve 127.0.0.1:8000

demo: setup ## Reload the demonstration data (asks nothing; replaces earlier demo data)
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo --reset

# Debian packages some targets need, installed when missing (as root; otherwise the command to
# run is printed). Browser tests drive Debian's Chromium through Playwright (no tool ever
# downloads a browser); the Welsh catalogue's tests and `make messages` use GNU gettext (msgfmt,
# xgettext). Serving needs neither: the compiled catalogue (accord/locale/cy/LC_MESSAGES/
# django.mo) is committed.
define debian_package # $(1): a command it provides, $(2): the package, $(3): what needs it
	@if ! command -v $(1) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian's $(2) for $(3)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
	  else echo "Accord needs Debian's $(2) for $(3): run 'sudo apt-get install $(2)'"; exit 1; fi; fi
endef

browser:
	$(call debian_package,chromium,chromium,the browser tests)

gettext:
	$(call debian_package,msgfmt,gettext,the Welsh catalogue's tests)

messages: setup gettext ## Gather new texts into the Welsh catalogue and compile it (decision 35)
	scripts/messages

test: setup browser gettext ## Run the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest -n 2 --dist loadgroup -q

check: setup ## Format check, lint, types, import layers, migrations
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy accord
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run

format: setup ## Rewrite the code in the house format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup ## Run the benchmarks and print their figures
	$(BIN)/python -m benchmarks

assets: ## Rebuild the committed GOV.UK / MOJ Frontend CSS and JS (needs Node and npm)
	scripts/build-assets

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
