# The two commands a newcomer needs: `make run` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test lint unit eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(STAMP)

run: $(STAMP)  ## analyse a sample reply on the embedded default
	$(BIN)/schedlink scan examples/reply.eml --timezone America/New_York --own-link https://calendly.com/acme-sales/intro --own-domain acme.io

test: lint  ## lint, type-check, check layering, run every test
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

eval: $(STAMP)  ## score the analysis on the shared dev corpora
	$(BIN)/schedlink eval $(SHARED)/corpus/replies_dev.jsonl
	$(BIN)/schedlink eval $(SHARED)/corpus/links_dev.jsonl

bench: $(STAMP)  ## analysis throughput beside urlextract, linkify-it-py and a bare regex
	$(BIN)/python bench/analysis_throughput.py --corpus $(SHARED)/corpus/replies_dev.jsonl

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
