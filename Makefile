# One entry point for humans and CI. `make run` and `make test` are the two set-up commands of the README.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      ?= .venv
PY        := $(VENV)/bin/python
AS_OF     ?= 2023-06-30
WASM_OUT  := target/wasm32-unknown-unknown/release/hengjie_wasm.wasm
HENGJIE   := target/release/hengjie
WASM_NPM  := bindings-wasm/node_modules/.package-lock.json

.PHONY: help run test fuzz-smoke test-rust test-differential test-python test-js test-cross lint python wasm tools cli test-ts test-browser bench-wasm test-notebook test-spark

help:
	@echo "make run     assess the sample population (examples/households.jsonl) as of $(AS_OF)"
	@echo "make test    every test: Rust, Python, JavaScript, cross-binding identity, lints"
	@echo "make python  build the Python extension into ./$(VENV)"
	@echo "make wasm    build bindings-wasm/pkg/node and bindings-wasm/pkg/web"
	@echo "make test-browser  the self-application form (bindings-wasm/demo) in headless Chromium"
	@echo "make bench-wasm    assess/validate latency in Node and Chromium"
	@echo "make lint    rustfmt, clippy, ruff, node --check, cargo deny"
	@echo "make bench   criterion benchmarks of the core"
	@echo "make bench-python  assess_batch throughput on BATCH_N=$(BATCH_N) synthetic households"
	@echo "make bench-compare  hengjie vs OpenFisca vs zen-engine on N=$(N) households (docs/performance.md)"
	@echo "make fuzz-smoke  each fuzz target for 30 s"
	@echo "make reconcile-demo  compare examples/rosters/ with the sample population: the warning list"
	@echo "make bench-reconcile  hengjie reconcile on 1M households and 8 rosters of 1M rows (docs/performance.md)"

cli:
	cargo build --release -p hengjie-cli

run: cli
	@$(HENGJIE) assess examples/households.jsonl --as-of $(AS_OF) --table --summary
	@echo
	@$(HENGJIE) assess examples/households.jsonl --as-of $(AS_OF) || test $$? -eq 1

# Department comparison (docs/reconcile.md): the sample rosters against the sample population.
ROSTERS := examples/rosters
.PHONY: reconcile-demo
reconcile-demo: cli
	@$(HENGJIE) reconcile examples/households.jsonl --as-of $(AS_OF) --format jsonl \
	  --roster dibao=$(ROSTERS)/dibao.csv --roster tekun=$(ROSTERS)/tekun.csv \
	  --roster medical_insured=$(ROSTERS)/medical_insured.csv --roster medical_cost=$(ROSTERS)/medical_cost.csv \
	  --roster school=$(ROSTERS)/school.xlsx --roster disability=$(ROSTERS)/disability.tsv \
	  --roster deceased=$(ROSTERS)/deceased.csv --roster pension_insured=$(ROSTERS)/pension_insured.csv \
	  --roster exclusion=$(ROSTERS)/exclusion.csv | python3 scripts/reconcile_table.py

# 1M households and 8 rosters of 1M rows (generated into target/bench-reconcile), end to end
# from CSV, with /usr/bin/time -v for the peak RSS. A benchmark, not a test.
RECONCILE_N ?= 1000000
.PHONY: bench-reconcile
bench-reconcile: cli
	python3 bench/reconcile_data.py --n $(RECONCILE_N) --out target/bench-reconcile
	bash bench/reconcile.sh target/bench-reconcile

# Tools the bindings need; each step is idempotent.
tools:
	@bash scripts/tools.sh

$(PY):
	python3 -m venv $(VENV)

python: $(PY) tools
	cd bindings-python && VIRTUAL_ENV="$(CURDIR)/$(VENV)" "$(CURDIR)/$(VENV)/bin/maturin" develop --release --quiet

wasm: tools $(WASM_NPM)
	bash bindings-wasm/scripts/build.sh

# bindings-wasm's npm dev tools (wasm-opt, tsc, playwright-core, json-schema-to-typescript).
$(WASM_NPM): bindings-wasm/package-lock.json
	cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error

test-rust:
	cargo test --workspace --quiet

# 10000 random households through every Rust path (typed, value, text, batch), in release.
test-differential:
	cargo test --release --quiet -p hengjie --test differential -- --ignored

test-python: python
	$(PY) -m pytest -q bindings-python/tests

# The analyst notebook, executed in memory (its committed form has no outputs); keeps the sweep
# chart as target/notebook-sweep.png.
test-notebook: python
	$(PY) docs/notebooks/execute.py docs/notebooks/analyst-quickstart.ipynb target/notebook-sweep.png

# hengjie.assess_arrow in a local PySpark session (mapInArrow); test-python runs it too.
test-spark: python
	PYSPARK_PYTHON="$(CURDIR)/$(PY)" $(PY) -m pytest -q bindings-python/tests/test_spark.py

test-js: wasm
	node --test bindings-wasm/tests/

# The typed usage example against the generated declarations.
test-ts: wasm
	cd bindings-wasm && node_modules/.bin/tsc --noEmit -p examples

# The self-application form in headless Chromium (Debian's chromium); writes target/demo.png.
test-browser: wasm
	node --test bindings-wasm/tests/browser/demo.browser.mjs

# assess/validate latency in Node and in Chromium (docs/performance.md, "WASM").
bench-wasm: wasm
	node bindings-wasm/bench/latency.mjs

test-cross: cli python wasm
	$(PY) -m pytest -q tests/cross

lint: $(PY) tools
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	$(VENV)/bin/ruff check bindings-python tests/cross bench docs/notebooks
	$(VENV)/bin/ruff format --check bindings-python tests/cross bench docs/notebooks
	$(MAKE) --no-print-directory stubtest
	for f in bindings-wasm/tests/*.mjs bindings-wasm/tests/browser/*.mjs bindings-wasm/bench/*.mjs bindings-wasm/scripts/*.mjs; do node --check "$$f"; done
	cargo deny --log-level error check licenses bans sources

# Each fuzz target for 30 s from the committed seeds (new inputs go to fuzz/corpus, ignored by git).
FUZZ_TARGETS := household layer village jsonl
fuzz-smoke: tools
	cd fuzz && for t in $(FUZZ_TARGETS); do mkdir -p corpus/$$t && \
	  cargo +nightly fuzz run -O $$t corpus/$$t seeds/$$t -- -max_total_time=30 -print_final_stats=1 2>&1 | \
	  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY)" || exit 1; done

# The Python stubs against the built module (run outside the source tree, so it is found once).
.PHONY: stubtest
stubtest: python
	cd "$${TMPDIR:-/tmp}" && "$(CURDIR)/$(PY)" -m mypy.stubtest hengjie \
	  --allowlist "$(CURDIR)/bindings-python/stubtest-allowlist.txt" \
	  --mypy-config-file "$(CURDIR)/bindings-python/pyproject.toml"

test: lint test-rust test-differential fuzz-smoke test-python test-notebook test-js test-ts test-browser test-cross
	@echo "make test: all suites passed"

.PHONY: bench
bench:
	cargo bench -p hengjie --bench assess -- --warm-up-time 1 --measurement-time 3

# Side by side with OpenFisca and zen-engine (bench/compare.py): agreement check, then timings.
# N households (default 100000); BENCH_ARGS=--crossover adds the N = 1, 10, ... table.
N ?= 100000
BENCH_ARGS ?=
.PHONY: bench-compare
bench-compare: $(PY) python cli
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/compare.py --n $(N) $(BENCH_ARGS)

# assess_batch / assess_arrow throughput on BATCH_N synthetic households (docs/performance.md).
BATCH_N ?= 1000000
.PHONY: bench-python
bench-python: python
	$(PY) bench/python_batch.py --n $(BATCH_N)
