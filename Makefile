# Whetstone: `make run` starts the whole platform, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv on PATH, else the one scripts/install-uv.sh puts in a venv (never the system Python).
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(CURDIR)/.tools/uv/bin/uv
endif
PYTEST := $(UV) run --frozen pytest
# Test files run side by side (pytest-xdist): most of an integration test's time is waiting on
# the broker, so more workers than CPUs pay (4: about 8 min instead of 26 here). Each worker has
# its own broker and databases.
# End-to-end files stay one at a time: several start whole platforms of their own.
TEST_WORKERS ?= 4
E2E_WORKERS ?= 1

.PHONY: help install run test test-unit test-integration test-e2e fuzz lint fmt typecheck bench load clean \
	compose-up compose-down compose-smoke check-migrations check-deploy

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

install: ## install what is missing: uv, the Python workspace, bubblewrap, chromium, the TypeScript compiler, Strimzi's CRD schemas
	@scripts/install-uv.sh
	@$(UV) sync --frozen --quiet
	@scripts/install-system-packages.sh
	@scripts/install-node-tools.sh
	@scripts/install-node-tools.sh deploycheck

run: install ## start broker, migrations, content pack and the six services (Ctrl-C stops)
	@$(UV) run --frozen python -m servicekit.devstack

test: install ## run unit, integration and end-to-end tests
	@$(PYTEST) -q -n $(TEST_WORKERS) --dist loadfile -m "not e2e" libs services tests/pack tests/repo
	@$(PYTEST) -q -n $(E2E_WORKERS) --dist loadfile -m e2e tests/e2e

test-unit: install ## only the unit tests (no broker, database or sandbox)
	@$(PYTEST) -q libs/*/tests/unit services/*/tests/unit libs/contracts/tests

test-e2e: install ## only the end-to-end tests (services as processes, through the gateway)
	@$(PYTEST) -q -n $(E2E_WORKERS) --dist loadfile -m e2e tests/e2e

fuzz: install ## schemathesis over the gateway's API as a student and an admin (FUZZ_SECONDS per role, default 90)
	@$(UV) run --frozen python tests/fuzz/run.py

lint: install ## the lock file, ruff, mypy on libs and service cores, import contracts
	@$(UV) lock --check
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .
	@$(UV) run --frozen mypy libs/contracts/src libs/servicekit/src services/*/src
	@$(UV) run --frozen lint-imports

fmt: install ## format and autofix
	@$(UV) run --frozen ruff format .
	@$(UV) run --frozen ruff check --fix .

bench: install ## measure speed targets; results in bench/results/ and docs/benchmarks.md
	@$(UV) run --frozen python -m bench

load: install ## a few hundred learners for 5 minutes, with and without a hostile user (bench/load.py)
	@$(UV) run --frozen python -m bench.load

check-migrations: install ## every service: upgrade a fresh SQLite database to head, then `alembic check` (models = migrations)
	@UV=$(UV) scripts/check-migrations.sh

check-deploy: install ## kustomize overlays (kubernetes-validate --strict, CRD schemas), promtool rules and tests, hadolint
	@timeout 600 $(UV) run --frozen python tools/deploycheck/check.py

compose-up: ## build (cached) and start the compose stack: docker, else podman (docs/operations.md)
	@scripts/compose.sh up

compose-down: ## stop the compose stack and remove its containers and volumes
	@scripts/compose.sh down -v

compose-smoke: install ## compose-up, one real submission judged through the gateway, compose-down
	@trap 'scripts/compose.sh down -v >/dev/null 2>&1' EXIT; \
	  timeout $${COMPOSE_SMOKE_TIMEOUT:-1800} scripts/compose.sh up && \
	  timeout 300 $(UV) run --frozen python scripts/compose_smoke.py \
	  || { scripts/compose.sh logs --tail 40 evaluation practice gateway 2>&1 | tail -120; exit 1; }

clean: ## remove local data (databases) and caches
	rm -rf data .pytest_cache .mypy_cache .ruff_cache
