# Two commands from a fresh clone: `make dev` and `make test`. Both create .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: dev test fuzz lint format schema check-schema compose-check bench clean ui ui-check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

dev: $(STAMP)
	$(BIN)/etp dev

test: $(STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# `make test` runs the fuzzing stage (tests/fuzz) at a small budget; this is the longer run.
FUZZ_EXAMPLES ?= 200
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -m fuzz $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(STAMP)
	$(BIN)/etp schema > schema.graphql

compose-check:
	docker-compose -f docker-compose.yml config --quiet

bench: $(STAMP)
	$(BIN)/python -m bench.ingest

# The web dashboard (dashboard/): built into api/dashboard/static, which is committed so that running
# the platform needs no Node. Building needs Node 20 and npm.
ui:
	cd dashboard && npm ci --no-audit --no-fund && npm run build

# CI: the committed build must be what the sources and lockfile produce.
ui-check:
	dashboard/check-build.sh

clean:
	rm -rf $(VENV) .etp .pytest_cache .mypy_cache .ruff_cache
