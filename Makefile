# The two commands a newcomer needs: `make run` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run scan test lint unit eval bench clean

# The CalDAV client's HTTP library brings urllib3-future, whose wheel replaces the real urllib3 at every
# interpreter start; built from source with URLLIB3_NO_OVERRIDE it keeps to its own package name.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	URLLIB3_NO_OVERRIDE=1 $(BIN)/pip install --quiet --no-binary urllib3-future -e '.[dev,bench]'
	touch $(STAMP)

run: $(STAMP)  ## the sample workspace on the embedded default (./schedlink.db): Booking tab, API and worker
	$(BIN)/schedlink demo

scan: $(STAMP)  ## analyse a sample reply, no server
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

bench: $(STAMP)  ## analysis throughput beside its peers, availability beside a minute scan, then ingest over HTTP
	$(BIN)/python bench/analysis_throughput.py --corpus $(SHARED)/corpus/replies_dev.jsonl
	$(BIN)/python bench/availability.py
	$(BIN)/python bench/ingest.py --corpus $(SHARED)/corpus/replies_dev.jsonl

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis schedlink.db schedlink.db-* schedlink.db.write-lock schedlink.queue.db schedlink.queue.db-* schedlink-data screenshots
