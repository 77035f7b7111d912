#!/usr/bin/env bash
# `make fresh-check`: what a newcomer does (issue 12). Clones the committed HEAD into a temporary
# folder and runs the README's two commands there — `make run`, then `make test` — with a clean
# environment (only PATH, HOME, LANG and TERM kept), printing each command's time.
#
# It reuses the machine's installed tools (apt packages, ~/.cargo/bin, rustup toolchains); to
# measure a truly fresh machine, run it on one. FRESH_KEEP=1 keeps the folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d -t hengjie-fresh.XXXXXX)
[ -n "${FRESH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

git clone --quiet "$root" "$work/hengjie"
cd "$work/hengjie"
echo "fresh-check: $(git log -1 --format='%h %s') in $work/hengjie"

timed() {
  local start rc=0
  start=$(date +%s)
  env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}" "$@" || rc=$?
  echo "fresh-check: '$*' took $(($(date +%s) - start)) s (exit $rc)"
  return $rc
}

timed make run
timed make test
