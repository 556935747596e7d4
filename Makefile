# The two commands: `make run` (the whole platform, foreground) and `make test` (every test).
VENV := .venv
STAMP := $(VENV)/.installed
DEPS := constraints.txt requirements-dev.txt contracts/pyproject.toml runtime/pyproject.toml $(wildcard services/*/pyproject.toml)

.PHONY: run test bench setup lint unit clean

# `make run FRESH=1`: start from a fresh demo (clears var/mongo and var/mail first)
run: $(STAMP)
	$(VENV)/bin/python scripts/run_platform.py $(if $(filter 1 yes,$(FRESH)),--fresh)

test: $(STAMP)
	scripts/test.sh

# `make bench`: every benchmark, then bench/REPORT.md (BENCH_QUICK=1: a short smoke run); a broker
# is started when none answers (and stopped again), each benchmark starts its own store
bench: $(STAMP)
	$(VENV)/bin/python bench/run_all.py

unit: $(STAMP)
	$(VENV)/bin/python -m pytest tests/unit

# ruff over everything; mypy over the modules listed in pyproject.toml's [tool.mypy]
lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

setup: $(STAMP)

$(STAMP): $(DEPS)
	scripts/bootstrap.sh

clean:
	rm -rf $(VENV) var
