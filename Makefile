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

.PHONY: test-steps vector-diff help run test test-server load-server check fuzz-smoke test-rust test-core-alone test-differential test-python test-js test-cross lint python wasm tools cli test-ts test-browser bench-wasm test-notebook notebook-render test-spark dist test-dist fresh-check jvm jvm-cross test-jvm bench-jvm

# `make help` lists every target with the text after its `##`.
help: ## this list
	@awk -F ':.*## ' '/^[a-zA-Z0-9_-]+:.*## / { printf "  make %-18s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

cli: ## build the command line (target/release/hengjie)
	cargo build --release -p hengjie-cli

run: cli ## assess the sample population (examples/households.jsonl) as of AS_OF=2023-06-30
	@echo "== Households of examples/households.jsonl as of $(AS_OF)"
	@$(HENGJIE) assess examples/households.jsonl --as-of $(AS_OF) --table
	@echo
	@echo "== Population indicators (docs/rules/village.md)"
	@$(HENGJIE) assess examples/households.jsonl --as-of $(AS_OF) --summary > target/run.jsonl || test $$? -eq 1
	@tail -n 1 target/run.jsonl | python3 -m json.tool --no-ensure-ascii
	@head -n -1 target/run.jsonl > target/assessments.jsonl && rm target/run.jsonl
	@echo
	@echo "== The full assessments (JSON Lines, one per household, with reasons and parameters):"
	@echo "   target/assessments.jsonl ($$(wc -l < target/assessments.jsonl) records)"

# Department comparison (docs/reconcile.md): the sample rosters against the sample population.
ROSTERS := examples/rosters
.PHONY: reconcile-demo
reconcile-demo: cli ## compare examples/rosters/ with the sample population: the warning list
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
bench-reconcile: cli ## hengjie reconcile on 1M households and 8 rosters of 1M rows (docs/performance.md)
	python3 bench/reconcile_data.py --n $(RECONCILE_N) --out target/bench-reconcile
	bash bench/reconcile.sh target/bench-reconcile

# Every tool any target needs (scripts/tools.sh: apt packages, cargo tools, the venv); each step
# is idempotent, and each target below runs just the groups it needs.
tools: ## install every tool the tests need (idempotent; apt, cargo install, .venv)
	@bash scripts/tools.sh

$(PY):
	@bash scripts/tools.sh python

python: ## build the Python extension into ./.venv
	@bash scripts/tools.sh python
	cd bindings-python && VIRTUAL_ENV="$(CURDIR)/$(VENV)" "$(CURDIR)/$(VENV)/bin/maturin" develop --release --quiet

wasm: $(WASM_NPM) ## build bindings-wasm/pkg/node and bindings-wasm/pkg/web
	@bash scripts/tools.sh wasm
	bash bindings-wasm/scripts/build.sh

# bindings-wasm's npm dev tools (wasm-opt, tsc, playwright-core, json-schema-to-typescript).
$(WASM_NPM): bindings-wasm/package-lock.json
	cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error

test-rust: ## cargo test of the workspace, and of the core alone (serde_json as a dependent's)
	cargo test --workspace --quiet
	$(MAKE) --no-print-directory test-core-alone

# The core built alone, as a crate that depends on it builds it: serde_json without
# `arbitrary_precision` and `preserve_order` (the doors switch them on; docs/rust.md#json).
test-core-alone: ## the core's tests without the doors' serde_json features
	@if cargo tree -p hengjie -e features -i serde_json | grep -qE 'arbitrary_precision|preserve_order'; then \
		echo "the core switches on a serde_json feature (docs/rust.md#json)"; exit 1; fi
	cargo test -p hengjie --quiet

# The inner loop: formatting, clippy and the Rust tests, no bindings (well under 2 minutes warm).
check: ## fast inner loop: cargo fmt --check, clippy, cargo test
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cargo test --workspace --quiet
	$(MAKE) --no-print-directory test-core-alone

# 10000 random households through every Rust path (typed, value, text, batch), in release.
test-differential: ## 10000 random households through every Rust path, in release
	cargo test --release --quiet -p hengjie --test differential -- --ignored

test-python: python ## pytest of the Python binding
	$(PY) -m pytest -q bindings-python/tests

# The analyst notebook, executed in memory (its committed form has no outputs); keeps the sweep
# chart as target/notebook-sweep.png, and fails first when the committed executed copy (what a
# reader sees without running it) no longer has the notebook's cells.
NOTEBOOK          := docs/notebooks/analyst-quickstart.ipynb
NOTEBOOK_EXECUTED := docs/notebooks/analyst-quickstart.executed.ipynb
test-notebook: python ## execute the analyst notebook; fail if its executed copy is stale
	$(PY) docs/notebooks/execute.py $(NOTEBOOK) target/notebook-sweep.png --check $(NOTEBOOK_EXECUTED)

notebook-render: python ## re-render the analyst notebook's committed executed copy
	$(PY) docs/notebooks/execute.py $(NOTEBOOK) target/notebook-sweep.png --write $(NOTEBOOK_EXECUTED)

# hengjie.assess_arrow in a local PySpark session (mapInArrow); test-python runs it too.
test-spark: python ## hengjie.assess_arrow in a local PySpark session
	PYSPARK_PYTHON="$(CURDIR)/$(PY)" $(PY) -m pytest -q bindings-python/tests/test_spark.py

test-js: wasm ## node tests of the WASM package
	node --test bindings-wasm/tests/

# The typed usage example against the generated declarations.
test-ts: wasm ## the typed usage example against the generated declarations
	cd bindings-wasm && node_modules/.bin/tsc --noEmit -p examples

# The self-application form in headless Chromium (Debian's chromium) at phone size, and a Vite
# production build of a small app from the packed tarball; screenshots in target/.
test-browser: wasm ## the applicant's form in headless Chromium at phone size, and a Vite build (target/*.png)
	@bash scripts/tools.sh browser
	node --test bindings-wasm/tests/browser/demo.browser.mjs bindings-wasm/tests/browser/vite.browser.mjs

# assess/validate latency in Node and in Chromium (docs/performance.md, "WASM").
bench-wasm: wasm ## assess/validate latency in Node and Chromium
	node bindings-wasm/bench/latency.mjs

test-cross: cli python wasm jvm-cross ## every vector byte-identical across the doors
	$(PY) -m pytest -q tests/cross

# The JVM binding (bindings-jvm, docs/java.md); scripts/tools.sh jvm installs a JDK and Debian's
# junit5 when missing.
jvm: ## build target/hengjie.jar (Java 11+, the native library inside)
	@bash scripts/tools.sh jvm
	bash bindings-jvm/scripts/build.sh

# The jar and the compiled test classes (tests/cross runs org.hengjie.CrossDoor from them).
jvm-cross: jvm
	bash bindings-jvm/scripts/test.sh --compile-only

test-jvm: jvm ## the JUnit 5 tests of the JVM binding (every vector, 8 threads)
	bash bindings-jvm/scripts/test.sh

# Single-assessment latency (with and without explanations) and assessJsonLines throughput from
# Java, next to the core's assess_json_str (docs/performance.md, "JVM").
bench-jvm: jvm ## assess latency and assessJsonLines throughput from Java
	bash bindings-jvm/scripts/bench.sh

lint: ## rustfmt, clippy, ruff, stubtest, node --check, cargo deny
	@bash scripts/tools.sh rust python deny
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	$(VENV)/bin/ruff check bindings-python tests/cross tests/vectors server/tests/py bench docs/notebooks scripts
	$(VENV)/bin/ruff format --check bindings-python tests/cross tests/vectors server/tests/py bench docs/notebooks scripts
	$(MAKE) --no-print-directory stubtest
	for f in bindings-wasm/tests/*.mjs bindings-wasm/tests/browser/*.mjs bindings-wasm/bench/*.mjs bindings-wasm/scripts/*.mjs; do node --check "$$f"; done
	cargo deny --log-level error check licenses bans sources

# Each fuzz target for 10 s from the committed seeds (new inputs go to fuzz/corpus, ignored by git):
# the smoke of `make test`, which keeps CI's whole run well inside 30 minutes. A long run is
# `make fuzz-smoke FUZZ_SECONDS=900` (docs/reliability.md).
FUZZ_TARGETS := household layer village jsonl
FUZZ_SECONDS ?= 10
fuzz-smoke: ## each fuzz target for FUZZ_SECONDS (10) s; FUZZ_SECONDS=900 for a long run
	@bash scripts/tools.sh fuzz
	cd fuzz && for t in $(FUZZ_TARGETS); do mkdir -p corpus/$$t && \
	  cargo +nightly fuzz run -O $$t corpus/$$t seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 2>&1 | \
	  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY)" || exit 1; done

# The Python stubs against the built module (run outside the source tree, so it is found once).
.PHONY: stubtest
stubtest: python ## the Python stubs against the built module
	cd "$${TMPDIR:-/tmp}" && "$(CURDIR)/$(PY)" -m mypy.stubtest hengjie \
	  --allowlist "$(CURDIR)/bindings-python/stubtest-allowlist.txt" \
	  --mypy-config-file "$(CURDIR)/bindings-python/pyproject.toml"

# The suites of `make test`, in order; `make fresh-check` runs and times them one by one.
TEST_STEPS := tools lint test-rust test-differential fuzz-smoke test-python test-notebook test-js test-ts test-browser test-jvm test-dist test-server test-cross

test-steps:
	@echo $(TEST_STEPS)

test: $(TEST_STEPS) ## every test: lints, Rust, fuzz smoke, Python, notebook, JS, TS, browser, Java, packages, HTTP service, cross-door identity
	@echo "make test: all suites passed"

.PHONY: bench
bench: ## criterion benchmarks of the core
	cargo bench -p hengjie --bench assess -- --warm-up-time 1 --measurement-time 3

# Side by side with OpenFisca and zen-engine (bench/compare.py): agreement check, then timings.
# N households (default 100000); BENCH_ARGS=--crossover adds the N = 1, 10, ... table.
N ?= 100000
BENCH_ARGS ?=
.PHONY: bench-compare
bench-compare: $(PY) python cli ## hengjie vs OpenFisca vs zen-engine on N households
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/compare.py --n $(N) $(BENCH_ARGS)

# HTTP side by side (bench/serve_compare.py): `hengjie serve` and `openfisca serve` on the bench/
# OpenFisca model, the same SERVE_N households, wrk at 64 connections on each; not in `make test`.
SERVE_N ?= 20000
SERVE_ARGS ?=
.PHONY: bench-serve
bench-serve: $(PY) cli ## hengjie serve vs openfisca serve over HTTP (single documents, one stream)
	@bash scripts/tools.sh bench
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements-serve.txt
	$(PY) bench/serve_compare.py --n $(SERVE_N) $(SERVE_ARGS)

# assess_batch / assess_arrow throughput on BATCH_N synthetic households (docs/performance.md).
BATCH_N ?= 1000000
.PHONY: bench-python
bench-python: python ## assess_batch throughput on BATCH_N synthetic households
	$(PY) bench/python_batch.py --n $(BATCH_N)

# Installable artifacts, as users get them: the abi3 wheel, the npm tarball (and the jar once the
# JVM binding builds one) in dist/.
dist: python wasm jvm ## build the wheel, the npm tarball and the jar into dist/
	@bash scripts/dist.sh build

# The README's Python, JavaScript and Java quick starts, run from the installed wheel, tarball and
# jar in a fresh virtual environment, a fresh npm project and a bare folder (no source tree).
test-dist: dist ## the README quick starts from the installed wheel, npm tarball and jar
	@bash scripts/dist.sh check

# What a newcomer does: clone this repository into a temporary folder and run the README's two
# commands there, with a clean environment, printing each command's time.
fresh-check: ## clone into a temp folder and run make run and make test there, timed
	@bash scripts/fresh-check.sh

# Which conformance vectors' outputs changed since a git ref (a release's decision changelog).
vector-diff: ## which vectors' outputs changed since REF=<git ref>
	@test -n "$(REF)" || { echo "usage: make vector-diff REF=<git ref>"; exit 2; }
	python3 scripts/vector-diff.py $(REF)

# The HTTP service (docs/service.md): the docs' curl/httpx/Java examples and schemathesis against
# /openapi.json of the release binary. Its Rust integration tests (every route, a 3 s load smoke
# and a 100k-household stream) run in `make test-rust` with the rest of the workspace; building
# them a second time in release took 6 minutes of `make test` on 2 cores (issue 12). The long
# load run, in release, is `load-server`.
.PHONY: test-server load-server
test-server: cli ## the HTTP service: docs' examples and schemathesis (its Rust tests run in test-rust)
	@bash scripts/tools.sh python
	$(PY) -m pytest -q server/tests/py

# The long load run: 64 connections for 20 s, 1M households through one NDJSON stream.
load-server: ## the HTTP service's long load run (64 connections for 20 s, 1M-household stream)
	HENGJIE_LOAD_SECONDS=20 HENGJIE_STREAM_N=1000000 cargo test --release -p hengjie-server --test load -- --nocapture --test-threads 1
