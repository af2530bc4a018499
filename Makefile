# The two commands a newcomer needs are `make dev` and `make test`; both set themselves up.
.PHONY: dev test test-unit lint setup clean bench

setup:
	scripts/bootstrap

dev:
	scripts/with-emulators .venv/bin/python scripts/dev.py

test:
	scripts/bootstrap
	.venv/bin/python -m pytest tests/unit -q
	scripts/with-emulators .venv/bin/python -m pytest tests/emulator -q

# Performance targets (not part of `make test`): a table on stdout, JSON in bench/results/.
bench:
	scripts/with-emulators .venv/bin/python bench/run.py

test-unit: setup
	.venv/bin/python -m pytest tests/unit -q

lint: setup
	.venv/bin/ruff check functions tests scripts bench
	.venv/bin/ruff format --check functions tests scripts bench
	cd functions && ../.venv/bin/mypy --config-file ../pyproject.toml main.py customizations

clean:
	rm -rf .venv functions/venv node_modules .cache .emulators
