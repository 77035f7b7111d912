# One entry point for humans and CI. `make run` and `make test` are the two set-up commands of the README.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      ?= .venv
PY        := $(VENV)/bin/python
AS_OF     ?= 2023-06-30
WASM_OUT  := target/wasm32-unknown-unknown/release/hengjie_wasm.wasm
HENGJIE   := target/release/hengjie

.PHONY: help run test fuzz-smoke test-rust test-differential test-python test-js test-cross lint python wasm tools cli

help:
	@echo "make run     assess the sample population (examples/households.jsonl) as of $(AS_OF)"
	@echo "make test    every test: Rust, Python, JavaScript, cross-binding identity, lints"
	@echo "make python  build the Python extension into ./$(VENV)"
	@echo "make wasm    build bindings-wasm/pkg/node and bindings-wasm/pkg/web"
	@echo "make lint    rustfmt, clippy, ruff, node --check, cargo deny"
	@echo "make bench   criterion benchmarks of the core"
	@echo "make fuzz-smoke  each fuzz target for 30 s"

cli:
	cargo build --release -p hengjie-cli

run: cli
	@$(HENGJIE) assess examples/households.jsonl --as-of $(AS_OF) --table --summary
	@echo
	@$(HENGJIE) assess examples/households.jsonl --as-of $(AS_OF) || test $$? -eq 1

# Tools the bindings need; each step is idempotent.
tools:
	@bash scripts/tools.sh

$(PY):
	python3 -m venv $(VENV)

python: $(PY) tools
	cd bindings-python && VIRTUAL_ENV="$(CURDIR)/$(VENV)" "$(CURDIR)/$(VENV)/bin/maturin" develop --release --quiet

wasm: tools
	bash bindings-wasm/scripts/build.sh

test-rust:
	cargo test --workspace --quiet

# 10000 random households through every Rust path (typed, value, text, batch), in release.
test-differential:
	cargo test --release --quiet -p hengjie --test differential -- --ignored

test-python: python
	$(PY) -m pytest -q bindings-python/tests

test-js: wasm
	node --test bindings-wasm/tests/

test-cross: cli python wasm
	$(PY) -m pytest -q tests/cross

lint: $(PY) tools
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	$(VENV)/bin/ruff check bindings-python tests/cross
	$(VENV)/bin/ruff format --check bindings-python tests/cross
	for f in bindings-wasm/tests/*.mjs; do node --check "$$f"; done
	cargo deny --log-level error check licenses bans sources

# Each fuzz target for 30 s from the committed seeds (new inputs go to fuzz/corpus, ignored by git).
FUZZ_TARGETS := household layer village jsonl
fuzz-smoke: tools
	cd fuzz && for t in $(FUZZ_TARGETS); do mkdir -p corpus/$$t && \
	  cargo +nightly fuzz run -O $$t corpus/$$t seeds/$$t -- -max_total_time=30 -print_final_stats=1 2>&1 | \
	  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY)" || exit 1; done

test: lint test-rust test-differential fuzz-smoke test-python test-js test-cross
	@echo "make test: all suites passed"

.PHONY: bench
bench:
	cargo bench -p hengjie --bench assess -- --warm-up-time 1 --measurement-time 3
