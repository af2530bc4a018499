# The two commands a newcomer needs are `make dev` and `make test`; both set themselves up.
.PHONY: dev test test-unit lint setup clean bench fuzz soak docs openapi web deploy lock live-reads capacity cost

setup:
	scripts/bootstrap

dev:
	scripts/with-emulators .venv/bin/python scripts/dev.py

# Unit tests, the emulator suite and the browser tests (the web app in Chromium, on the same
# stack), then the fault tests, which kill function workers and so get a stack of their own.
test:
	scripts/bootstrap
	.venv/bin/python -m pytest tests/unit -q
	scripts/with-emulators .venv/bin/python -m pytest tests/emulator tests/browser -q
	scripts/with-emulators .venv/bin/python -m pytest tests/faults -q

# Performance targets (not part of `make test`; a fresh stack, about seven minutes): a table on
# stdout, the run in bench/results/bench.json (committed) and docs/performance.md rendered from it.
bench:
	scripts/with-emulators .venv/bin/python bench/run.py

# The capacity model (no stack needed, seconds): the real services and trigger on a recording
# Firestore client; hottest documents and index ranges at RATE new requests/s (default 500) and the
# ceiling. The result in bench/results/capacity.json (committed) and docs/capacity.md rendered from it.
capacity: setup
	.venv/bin/python bench/capacity.py $(if $(RATE),--rate $(RATE))

# What one request's life costs (no stack needed, seconds): reads, writes, deletes and index entries
# per API call and per trigger event, and the lifecycle priced at Firestore's list prices. The result
# in bench/results/cost.json (committed; cost-baseline.json is the first run) and docs/cost.md.
cost: setup
	.venv/bin/python bench/cost.py

# Long hardening runs (not part of `make test`, which runs small samples of the same tests):
# 1,000+ schemathesis cases over /openapi.json, and longer random histories.
fuzz: setup
	FUZZ_EXAMPLES=15 STATEFUL_PROFILE=fuzz scripts/with-emulators .venv/bin/python -m pytest -q -s \
		tests/emulator/test_fuzz_openapi.py tests/emulator/test_stateful.py

# A few minutes of mixed traffic from many simulated users, then a check that nothing was lost.
# What listener-backed reads save under production traffic (a model, no stack): bench/live_reads.py.
live-reads: setup
	.venv/bin/python bench/live_reads.py

soak: setup
	scripts/with-emulators .venv/bin/python bench/soak.py

test-unit: setup
	.venv/bin/python -m pytest tests/unit -q

# Style and types, the lock and the web app's API types current, and the commit habit (every
# commit after the one scripts/check_commits.py names: subject <= 72 characters, a body, no "wip").
lint: setup
	.venv/bin/python scripts/lock.py --check
	.venv/bin/python scripts/check_commits.py
	.venv/bin/ruff check functions tests scripts bench
	.venv/bin/ruff format --check functions tests scripts bench
	cd functions && ../.venv/bin/mypy --config-file ../pyproject.toml main.py customizations ../tests/support/fakes ../tests/contracts
	npm --prefix web run -s openapi:check
	npm --prefix web run -s lint:openapi
	npm --prefix web run -s typecheck
	npm --prefix web run -s lint

# The reference pages generated from the code's tables (docs/api.md, docs/lifecycle.md) and the
# OpenAPI document as a file (docs/openapi.json); a unit test fails when any is stale. (The
# performance, capacity and cost pages are made by `make bench`, `make capacity` and `make cost`.)
docs: setup
	.venv/bin/python scripts/docs.py

# ... and the web app's API types generated from docs/openapi.json (web/src/api/schema.d.ts).
openapi: docs
	npm --prefix web run -s openapi

# The web app, built into web/dist (what Hosting serves); scripts/with-emulators builds it too.
web: setup
	npm --prefix web run -s build

# Re-resolve the dependency locks (functions/requirements.txt, requirements-dev.txt) from their
# inputs (*.in), with hashes, for the runtime's Python; needs PyPI.
lock: setup
	.venv/bin/python scripts/lock.py

# A real Firebase project: preflight checks, then `firebase deploy` (docs/operations.md).
deploy: setup
	scripts/deploy $(PROJECT)

clean:
	rm -rf .venv functions/venv node_modules web/node_modules web/dist .cache .emulators .artifacts
