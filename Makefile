# Taghtia — two commands set up a fresh machine:
#   make run    installs the app and starts the dashboard on the embedded demo data
#   make test   installs everything the tests need (Chromium included) and runs the suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
SUDO   := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: run test install install-test chromium lint geodata bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

run: install
	@echo "Taghtia is starting: open http://localhost:$(PORT)"
	$(BIN)/taghtia run --port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@chromium --version

lint: install-test
	$(BIN)/ruff check dashboard geodata loaders tests benchmarks

test: install-test chromium lint
	TAGHTIA_REQUIRE_BROWSER=1 $(BIN)/python -m pytest -n 2 --dist loadgroup

geodata: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[build]"
	$(BIN)/python -m geodata.build

bench: install-test chromium
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
