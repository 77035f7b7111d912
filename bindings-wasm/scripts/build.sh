#!/usr/bin/env bash
# Builds the npm package's two wasm-bindgen outputs: pkg/node (CommonJS, for Node.js) and pkg/web
# (ES module, for browsers and bundlers). Idempotent; run from anywhere. Needs the wasm32 target
# and wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen version (`make tools` installs both).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "build.sh: wasm-bindgen-cli $want is needed (found: ${have:-none});" \
    "run: cargo install wasm-bindgen-cli --version $want" >&2
  exit 1
fi

cargo build --quiet --target wasm32-unknown-unknown --release -p hengjie-wasm
wasm="target/wasm32-unknown-unknown/release/hengjie_wasm.wasm"

# The output directories are replaced whole, so a rerun never leaves stale files behind.
rm -rf bindings-wasm/pkg/node bindings-wasm/pkg/web
wasm-bindgen --target nodejs --out-dir bindings-wasm/pkg/node "$wasm"
wasm-bindgen --target web --out-dir bindings-wasm/pkg/web "$wasm"
# Module kinds for Node and bundlers: the package root has no "type", so say it per directory.
echo '{ "type": "commonjs" }' >bindings-wasm/pkg/node/package.json
echo '{ "type": "module" }' >bindings-wasm/pkg/web/package.json

f=bindings-wasm/pkg/web/hengjie_wasm_bg.wasm
printf 'hengjie_wasm_bg.wasm: %d bytes raw, %d bytes gzipped\n' "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
