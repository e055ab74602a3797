# Two commands from a fresh clone: `make dev` and `make test`. Both create .venv first.
# Another Python: `make test PYTHON=python3.13 VENV=.venv-3.13` (a venv per version).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# Kept in step with requires-python in pyproject.toml; CI runs the suite on the first and last.
SUPPORTED_PYTHON := 3.11 to 3.13

.PHONY: dev test fuzz lint format schema check-schema compose-check bench clean ui ui-check python-version

# Before pip: on an older Python its resolver would search for minutes, then fail obscurely.
python-version:
	@py=$(BIN)/python; test -x $$py || py=$(PYTHON); \
	$$py -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "etp needs Python $(SUPPORTED_PYTHON); $$py is $$($$py -V 2>&1 || echo missing)."; \
	  echo "Choose one with PYTHON (and a VENV of its own), e.g. make $(or $(MAKECMDGOALS),dev) PYTHON=python3.13 VENV=.venv-3.13"; \
	  exit 1; }

$(STAMP): pyproject.toml | python-version
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

# Embedded PostgreSQL and Redis in ETP_DATA_DIR (.etp) unless DATABASE_URL/REDIS_URL are set;
# HOST and PORT (8000) say where it serves. Ctrl-C stops it; the data stays.
dev: $(STAMP)
	$(BIN)/etp dev

# Spread over the machine's cores (pytest-xdist): each worker opens its own database and Redis
# key prefix (tests/conftest.py). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 2
# Then the GraphQL suite again with the fast paths off (api/graphql/fast_paths/): plain
# Strawberry must give the same answers. FAST_PATHS_OFF_SUITE= (empty) skips it. Left out: the
# 90 s of connect-disconnect cycles that look for leaked tasks, whose subject is the process.
FAST_PATHS_OFF_SUITE ?= tests/api/test_graphql_*.py tests/api/test_subscriptions.py \
	--deselect tests/api/test_subscriptions.py::test_connect_disconnect_cycles_leave_no_tasks_or_memory_behind
test: $(STAMP) lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
	$(if $(strip $(FAST_PATHS_OFF_SUITE)),GRAPHQL_FAST_PATHS=0 $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q $(FAST_PATHS_OFF_SUITE))

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
# the platform needs no Node. Building needs Node 20 and npm. The build first generates the API types
# (dashboard/src/gql, committed) from schema.graphql and the operations in dashboard/src.
ui:
	cd dashboard && npm ci --no-audit --no-fund && npm run build

# CI: the committed types and build must be what schema.graphql, the sources and lockfile produce.
ui-check:
	dashboard/check-build.sh

# Keeps .etp (the embedded database): `rm -rf .etp` after stopping `make dev` to start afresh.
clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
