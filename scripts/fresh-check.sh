#!/usr/bin/env bash
# `make fresh-check`: what a newcomer does (issue 12). Clones the committed HEAD into a temporary
# folder and runs the README's two commands there — `make run`, then `make test` — with a clean
# environment (only PATH, HOME, LANG and TERM kept), printing each command's time. `make test` is
# run as its steps (`make test-steps`), one `make` each, in its order, so each step's time is
# printed, and a table of them at the end; the steps' sum is `make test`'s time.
#
# It reuses the machine's installed tools (apt packages, ~/.cargo/bin, rustup toolchains); to
# measure a truly fresh machine, run it on one. FRESH_KEEP=1 keeps the folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d -t hengjie-fresh.XXXXXX)

git clone --quiet "$root" "$work/hengjie"
cd "$work/hengjie"
echo "fresh-check: $(git log -1 --format='%h %s') in $work/hengjie"

times=()
timed() {
  local start rc=0 took
  start=$(date +%s)
  env -i PATH="$PATH" HOME="$HOME" LANG="${LANG:-C.UTF-8}" TERM="${TERM:-dumb}" "$@" || rc=$?
  took=$(($(date +%s) - start))
  echo "fresh-check: '$*' took $took s (exit $rc)"
  times+=("$(printf '%-28s %6d s' "$*" "$took")")
  return $rc
}

report() {
  echo "fresh-check: times on this machine ($(nproc) cores)"
  printf '  %s\n' "${times[@]}"
  echo "  make test (the sum of its steps): $test_total s"
}

test_total=0
trap 'report; [ -n "${FRESH_KEEP:-}" ] || rm -rf "$work"' EXIT
timed make run
for step in $(make -s test-steps); do
  start=$(date +%s)
  timed make "$step"
  test_total=$((test_total + $(date +%s) - start))
done
