# storyline: two commands do all set-up on a fresh Debian machine with Python 3.11.
#   make demo  - create .venv, install, run the main job on examples/
#   make test  - same set-up with test extras, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
CONSTRAINTS := constraints.txt
OUT    ?= out

.PHONY: demo test test-all gate install install-test browser serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(PIP) install -c $(CONSTRAINTS) -e '.[model,web]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -c $(CONSTRAINTS) -e '.[model,web,test,dask]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test browser

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used);
# the clock tests run the suite's annotations under Debian's faketime.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/faketime ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium faketime >/dev/null; \
	  else echo "note: chromium or faketime missing; browser and clock tests will be skipped (apt-get install chromium faketime)"; fi; \
	fi

demo: install
	rm -f $(OUT)/storyline.db
	$(BIN)/storyline --db $(OUT)/storyline.db run examples/ -o $(OUT)

serve: install
	$(BIN)/storyline --db $(OUT)/storyline.db serve

test: install-test
	$(BIN)/python -m pytest -q

test-all: install-test
	$(BIN)/python -m pytest -q -m ''

# the quality gate alone (it also runs in `make test`): fast figures against benchmarks/gate.json
gate: install-test
	$(BIN)/python -m pytest -q tests/test_quality_gate.py

BENCHES := bench_clean bench_ingest bench_timex bench_quantities bench_quotes bench_annotate bench_align bench_clustering bench_compare bench_verdicts gate
bench: install-test
	@for b in $(BENCHES); do echo "== $$b"; $(BIN)/python benchmarks/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
