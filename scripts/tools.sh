#!/usr/bin/env bash
# Installs what the bindings need, idempotently: the wasm32 target, wasm-bindgen-cli at exactly the
# version in Cargo.lock, and the Python build and test tools in ./.venv.
set -euo pipefail
cd "$(dirname "$0")/.."

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$want" ] && [ "$have" != "$want" ]; then
  echo "installing wasm-bindgen-cli $want (found: ${have:-none})"
  cargo install --quiet wasm-bindgen-cli --version "$want"
fi

# Reliability tools: cargo-deny (make lint) and cargo-fuzz with the nightly toolchain (make fuzz-smoke).
command -v cargo-deny >/dev/null || cargo install --quiet --locked cargo-deny
command -v cargo-fuzz >/dev/null || cargo install --quiet cargo-fuzz
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements-dev.txt
