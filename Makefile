# CityBridge — the two commands: `make demo` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# Tests run in parallel; `make test PYTEST_ARGS="-k pairing"` narrows them.
PYTEST_ARGS ?=

.PHONY: demo demo-reset test venv venv-dev messages system-deps browser-deps lint clean

# A fresh virtual environment with the pinned dependencies; reinstalled only when a pin changes.
$(BIN)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(BIN)/.installed
venv-dev: $(BIN)/.installed-dev

# Compile the gettext catalogues (the .mo files are build output, never committed).
messages: venv system-deps
	cd src/citybridge && ../../$(BIN)/citybridge compilemessages --verbosity 0

# Debian packages: gettext to compile catalogues; Pango and the Noto CJK fonts for PDFs
# (WeasyPrint), so Japanese agendas have real glyphs. Installed only when missing.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing $$missing"; apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

# Browser tests: Debian's Chromium, CJK fonts for Japanese pages, and axe-core from npm.
browser-deps:
	@missing=$$(for p in chromium fonts-noto-color-emoji; do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "Installing $$missing"; apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent

# The production server (gunicorn, one worker per core) with DEBUG off, as a real site runs:
# unknown addresses get the translated 404 page. WhiteNoise serves the static files straight
# from the apps' folders (no collectstatic outside production). CITYBRIDGE_DEBUG=1 make demo
# shows Django's debug pages instead.
demo: venv messages
	$(BIN)/citybridge migrate --verbosity 0
	$(BIN)/citybridge load-demo --if-empty
	@echo
	@echo "Open http://$(HOST):$(PORT)/ in your browser."
	$(BIN)/citybridge serve --host $(HOST) --port $(PORT)

# Everything the demo keeps under var/ except collected static files (rebuilt, not state):
# the database, public media, private files (materials, agreements, attachments), secret key,
# and the cache (login-throttling counts).
demo-reset:
	rm -f var/citybridge.sqlite3 var/citybridge.sqlite3-wal var/citybridge.sqlite3-shm
	rm -rf var/media var/private var/cache
	rm -f var/secret_key
	$(MAKE) demo

test: venv-dev messages browser-deps
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: venv-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

clean:
	rm -rf $(VENV) node_modules var
