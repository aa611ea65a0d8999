# The two commands a newcomer needs: `make run` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The shared corpora and fixtures (eval, bench, tests): SHARED=DIR, else $SCHEDLINK_SHARED, else ../shared.
SHARED ?= $(or $(SCHEDLINK_SHARED),../shared)
export SCHEDLINK_SHARED := $(abspath $(SHARED))
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run scan test lint unit eval bench bench-browser clean shared

# The CalDAV client's HTTP library brings urllib3-future, whose wheel replaces the real urllib3 at every
# interpreter start; built from source with URLLIB3_NO_OVERRIDE it keeps to its own package name.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	URLLIB3_NO_OVERRIDE=1 $(BIN)/pip install --quiet --no-binary urllib3-future -e '.[dev,bench]'
	touch $(STAMP)

run: $(STAMP)  ## the sample workspace on the embedded default (./schedlink.db): Booking tab, API and worker; PORT=8000 HOST=127.0.0.1
	$(BIN)/schedlink demo --host $(HOST) --port $(PORT)

scan: $(STAMP)  ## analyse a sample reply, no server
	$(BIN)/schedlink scan examples/reply.eml --timezone America/New_York --own-link https://calendly.com/acme-sales/intro --own-domain acme.io

# Test processes: one per core by default; TEST_PROCESSES=0 runs every test in this one process.
TEST_PROCESSES ?= auto

test: lint  ## lint, type-check, check layering, run every test (TEST_PROCESSES=0: in one process)
	$(BIN)/pytest -q -n $(TEST_PROCESSES) --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

shared:  # the shared folder is where the setting says, or the setting is named
	@[ -d "$(SHARED)/corpus" ] && [ -d "$(SHARED)/fixtures" ] || { echo "error: shared folder '$(SHARED)' has no corpus/ and fixtures/: give SHARED=DIR or set SCHEDLINK_SHARED to the folder holding them" >&2; exit 2; }

eval: shared $(STAMP)  ## score the analysis on the shared dev corpora (SHARED=DIR or $SCHEDLINK_SHARED, else ../shared)
	$(BIN)/schedlink eval $(SHARED)/corpus/replies_dev.jsonl
	$(BIN)/schedlink eval $(SHARED)/corpus/links_dev.jsonl

bench: shared $(STAMP)  ## analysis throughput beside its peers, availability beside a minute scan, ingest over HTTP, booking, then booking on pages
	$(BIN)/python bench/analysis_throughput.py --corpus $(SHARED)/corpus/replies_dev.jsonl
	$(BIN)/python bench/availability.py
	$(BIN)/python bench/ingest.py --corpus $(SHARED)/corpus/replies_dev.jsonl
	$(BIN)/python bench/booking.py
	$(BIN)/python bench/browser_booking.py

bench-browser: $(STAMP)  ## booking on providers' pages in Chromium: per driver, per minute, memory after 100
	$(BIN)/python bench/browser_booking.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis schedlink.db schedlink.db-* schedlink.db.write-lock schedlink.db.demo-secrets.json schedlink.queue.db schedlink.queue.db-* schedlink-data screenshots
