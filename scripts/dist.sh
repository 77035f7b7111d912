#!/usr/bin/env bash
# Installable artifacts, as users get them (issue 12).
#   scripts/dist.sh build   the abi3 wheel, the npm tarball and (when the JVM binding is built) the
#                           jar, into dist/
#   scripts/dist.sh check   installs the wheel into a fresh virtual environment and the tarball
#                           into a fresh npm project, outside the source tree, and runs the
#                           README's Python and JavaScript quick starts there, checking the values
#                           their comments promise (scripts/readme_quickstart.py)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dist="$root/dist"

build() {
  rm -rf "$dist"
  mkdir -p "$dist"
  (cd bindings-python && VIRTUAL_ENV="$root/.venv" "$root/.venv/bin/maturin" build --release --quiet --out "$dist")
  (cd bindings-wasm && npm pack --silent --pack-destination "$dist" >/dev/null)
  if [ -f target/hengjie.jar ]; then cp target/hengjie.jar "$dist/"; fi
  echo "dist: $(cd "$dist" && ls | tr '\n' ' ')"
}

check() {
  local wheel tarball
  wheel=$(ls "$dist"/hengjie-*.whl)
  tarball=$(ls "$dist"/hengjie-*.tgz)
  work=$(mktemp -d) # global: the EXIT trap reads it after check returns
  trap 'rm -rf "$work"' EXIT

  # Python: a fresh venv with the wheel and its `tables` extra, run from a folder that is not the
  # source tree, so `import hengjie` can only find the installed package.
  python3 -m venv "$work/venv"
  "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel[tables]"
  python3 scripts/readme_quickstart.py python README.md >"$work/quickstart.py"
  (cd "$work" && env -u PYTHONPATH "$work/venv/bin/python" quickstart.py)

  # JavaScript: a fresh npm project with the packed tarball as its dependency.
  mkdir -p "$work/js"
  (cd "$work/js" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund "$tarball" >/dev/null)
  local ext=cjs
  python3 scripts/readme_quickstart.py javascript README.md >"$work/js/quickstart.tmp"
  grep -qE '^\s*import\s' "$work/js/quickstart.tmp" && ext=mjs
  mv "$work/js/quickstart.tmp" "$work/js/quickstart.$ext"
  (cd "$work/js" && node "quickstart.$ext")
}

case "${1:-}" in
  build) build ;;
  check) check ;;
  *)
    echo "usage: scripts/dist.sh build|check" >&2
    exit 2
    ;;
esac
