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

# Profile `wasm-release` (root Cargo.toml; compare opt-levels with e.g.
# CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=z; docs/performance.md, "WASM").
profile="${HENGJIE_WASM_PROFILE:-wasm-release}"
cargo build --quiet --target wasm32-unknown-unknown --profile "$profile" -p hengjie-wasm
wasm="target/wasm32-unknown-unknown/$profile/hengjie_wasm.wasm"

# The output directories are replaced whole, so a rerun never leaves stale files behind.
rm -rf bindings-wasm/pkg/node bindings-wasm/pkg/web
wasm-bindgen --target nodejs --out-dir bindings-wasm/pkg/node "$wasm"
wasm-bindgen --target web --out-dir bindings-wasm/pkg/web "$wasm"
# Module kinds for Node and bundlers: the package root has no "type", so say it per directory.
echo '{ "type": "commonjs" }' >bindings-wasm/pkg/node/package.json
echo '{ "type": "module" }' >bindings-wasm/pkg/web/package.json

# wasm-opt from npm's binaryen (bindings-wasm/node_modules, `npm ci`), when installed. Debian's
# binaryen is too old: its output fails to instantiate. HENGJIE_WASM_OPT=-Oz (or "none") to compare.
opt="${HENGJIE_WASM_OPT:--O3}"
wasm_opt=bindings-wasm/node_modules/.bin/wasm-opt
if [ "$opt" != none ] && [ -x "$wasm_opt" ]; then
  for dir in web; do
    f="bindings-wasm/pkg/$dir/hengjie_wasm_bg.wasm"
    "$wasm_opt" "$opt" --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals "$f" -o "$f.opt"
    mv "$f.opt" "$f"
  done
fi

# The package's entries (bindings-wasm/js): init/initSync, a guard before init, the runtime
# HengjieError and the word lists around each build, and one set of declarations for all.
cp bindings-wasm/js/index.js bindings-wasm/js/enums.js bindings-wasm/js/enums.d.ts bindings-wasm/pkg/web/
cp bindings-wasm/js/node.cjs bindings-wasm/pkg/node/index.cjs
cp bindings-wasm/js/node.mjs bindings-wasm/pkg/node/index.mjs
cp bindings-wasm/js/enums.cjs bindings-wasm/pkg/node/enums.cjs
cp bindings-wasm/js/enums.d.ts bindings-wasm/pkg/node/enums.d.cts
cp bindings-wasm/js/index.d.ts bindings-wasm/pkg/web/index.d.ts
cp bindings-wasm/js/node.d.cts bindings-wasm/pkg/node/index.d.cts

# One wasm copy in the package: the Node.js build reads the web build's file.
node_glue=bindings-wasm/pkg/node/hengjie_wasm.js
grep -q '/hengjie_wasm_bg.wasm`;' "$node_glue" || {
  echo "build.sh: the Node.js glue no longer names hengjie_wasm_bg.wasm as expected" >&2
  exit 1
}
sed -i 's#/hengjie_wasm_bg.wasm`;#/../web/hengjie_wasm_bg.wasm`;#' "$node_glue"
rm bindings-wasm/pkg/node/hengjie_wasm_bg.wasm

# The demo form loads its own copy of the web build (bindings-wasm/demo/pkg, git-ignored).
rm -rf bindings-wasm/demo/pkg
mkdir -p bindings-wasm/demo/pkg
cp bindings-wasm/pkg/web/hengjie_wasm.js bindings-wasm/pkg/web/hengjie_wasm_bg.wasm \
  bindings-wasm/pkg/web/index.js bindings-wasm/pkg/web/enums.js bindings-wasm/demo/pkg/

f=bindings-wasm/pkg/web/hengjie_wasm_bg.wasm
printf 'hengjie_wasm_bg.wasm: %d bytes raw, %d bytes gzipped\n' "$(wc -c <"$f")" "$(gzip -9 -c "$f" | wc -c)"
