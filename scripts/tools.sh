#!/usr/bin/env bash
# Every install step of the project, in one place (issue 12): `make test` and each target that
# needs a tool run this script, so a fresh machine with Rust, Python 3 and Node.js needs nothing
# installed by hand. Idempotent: each step checks first and says in one line what it installs and
# why. Where an install is impossible (no apt-get, not root and no sudo), it stops with one line
# naming the package to install.
#
#   scripts/tools.sh [GROUP…]   groups: rust python wasm browser jvm fuzz deny (default: all), bench
set -euo pipefail
cd "$(dirname "$0")/.."

say() { echo "tools: $*" >&2; }

# apt-get install of Debian packages that are missing, as root or through passwordless sudo.
apt_install() {
  local why=$1
  shift
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      say "please install the Debian package(s) ${missing[*]} ($why): not root, and no passwordless sudo"
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    say "please install ${missing[*]} ($why): this machine has no apt-get"
    exit 1
  fi
  say "installing ${missing[*]} with apt-get ($why)"
  # One `apt-get update` per run of this script, only when something is missing.
  if [ -z "${HENGJIE_APT_UPDATED:-}" ]; then
    "${sudo[@]}" apt-get update -qq >/dev/null
    export HENGJIE_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    "${missing[@]}" >/dev/null
}

# The exact wasm-bindgen version Cargo.lock pins (the CLI must match the crate).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock
}

# cargo install of a tool when its command is missing (compiled once, kept in ~/.cargo/bin).
cargo_tool() {
  local cmd=$1 why=$2
  shift 2
  command -v "$cmd" >/dev/null && return 0
  say "compiling $cmd with cargo install ($why; once per machine)"
  cargo install --quiet "$@"
}

group_rust() {
  local have
  have=$(rustup component list --installed 2>/dev/null)
  grep -q '^rustfmt' <<<"$have" || { say "adding rustfmt (make lint)"; rustup component add rustfmt; }
  grep -q '^clippy' <<<"$have" || { say "adding clippy (make lint)"; rustup component add clippy; }
}

group_python() {
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv (the Python binding and its tests)"
    python3 -m venv .venv
  fi
  # pip is quick when everything is already there; only a changed requirements file installs.
  local stamp=.venv/.requirements-dev.txt
  if ! cmp -s scripts/requirements-dev.txt "$stamp"; then
    say "installing scripts/requirements-dev.txt into .venv (maturin, pytest, ruff, pyarrow, pandas, pyspark, …)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r scripts/requirements-dev.txt
    cp scripts/requirements-dev.txt "$stamp"
  fi
}

wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    say "adding the wasm32-unknown-unknown target (the WebAssembly build)"
    rustup target add wasm32-unknown-unknown
  }
  command -v node >/dev/null || apt_install "the JavaScript tests" nodejs npm
}

# Prints the version of wasm-bindgen-cli to install, or nothing when the right one is there.
wasm_bindgen_wanted() {
  local want have
  want=$(wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ -n "$want" ] && [ "$have" != "$want" ]; then echo "$want"; fi
}

wasm_bindgen_install() {
  local want=$1
  say "compiling wasm-bindgen-cli $want (found: $(wasm-bindgen --version 2>/dev/null || echo none); it must match Cargo.lock's wasm-bindgen; once per machine)"
  cargo install --quiet wasm-bindgen-cli --version "$want"
}

group_wasm() {
  wasm_target
  local want
  want=$(wasm_bindgen_wanted)
  [ -z "$want" ] || wasm_bindgen_install "$want"
}

group_browser() {
  # The self-application form test (make test-browser) drives Debian's Chromium with
  # playwright-core; the CJK font renders the Chinese form in its screenshot.
  apt_install "the browser test of the form drives Debian's Chromium; the font renders Chinese" \
    chromium fonts-wqy-microhei
}

group_jvm() {
  # The JVM binding (make jvm, make test-jvm): javac/jar, and JUnit 5's console launcher.
  command -v javac >/dev/null || apt_install "the JVM binding is compiled with javac" openjdk-17-jdk-headless
  apt_install "the JVM binding's tests run on JUnit 5's console launcher" junit5
}

nightly() {
  rustup toolchain list | grep -q '^nightly' || {
    say "installing the nightly toolchain (cargo fuzz needs it)"
    rustup toolchain install nightly --profile minimal
  }
}

# cargo-fuzz and cargo-deny are compiled without optimisation (--debug): they run for a second
# each, and a debug build compiles in about half the time. cargo-deny without its default
# `rustls-tls` feature: `make lint` checks licences, bans and sources, which need no network, and
# TLS is most of its compile.
fuzz_install() { cargo_tool cargo-fuzz "make fuzz-smoke" --debug --locked cargo-fuzz; }
deny_install() { cargo_tool cargo-deny "make lint checks licences and sources" --debug --locked --no-default-features cargo-deny; }

group_fuzz() {
  nightly
  fuzz_install
}

group_deny() {
  deny_install
}

group_bench() {
  # make bench-serve's HTTP load client (a benchmark, not a test: not in the default groups).
  command -v wrk >/dev/null || apt_install "make bench-serve loads both services with wrk" wrk
}

# Everything (`make tools`, the first step of `make test`), as a fresh machine needs it: the
# three cargo compiles run in the background, side by side, while apt-get and pip download in the
# foreground — on 2 cores the compiles use the processors and the downloads the network, so the
# step takes about as long as its longest compile instead of the sum of everything.
all_groups() {
  group_rust
  wasm_target
  nightly
  local logs=target/tools want
  bg_jobs=() names=()
  mkdir -p "$logs"
  want=$(wasm_bindgen_wanted)
  if [ -n "$want" ]; then
    wasm_bindgen_install "$want" >"$logs/wasm-bindgen.log" 2>&1 &
    bg_jobs+=($!) names+=(wasm-bindgen)
  fi
  command -v cargo-fuzz >/dev/null || { fuzz_install >"$logs/cargo-fuzz.log" 2>&1 & bg_jobs+=($!) names+=(cargo-fuzz); }
  command -v cargo-deny >/dev/null || { deny_install >"$logs/cargo-deny.log" 2>&1 & bg_jobs+=($!) names+=(cargo-deny); }
  if [ ${#bg_jobs[@]} -gt 0 ]; then
    say "compiling ${names[*]} in the background (logs in $logs/) while apt-get and pip download"
  fi
  # A failing foreground step stops the script (set -e) and takes the compiles with it.
  trap 'kill "${bg_jobs[@]}" 2>/dev/null || true' EXIT
  group_browser
  group_jvm
  group_python
  local failed=0 i
  for i in "${!bg_jobs[@]}"; do
    if wait "${bg_jobs[$i]}"; then
      grep -h '^tools:' "$logs/${names[$i]}.log" >&2 || true
    else
      say "compiling ${names[$i]} failed; the end of $logs/${names[$i]}.log:"
      tail -n 20 "$logs/${names[$i]}.log" >&2
      failed=1
    fi
  done
  trap - EXIT
  return $failed
}

groups=("$@")
if [ ${#groups[@]} -eq 0 ]; then
  all_groups
  exit $?
fi
for g in "${groups[@]}"; do
  case "$g" in
    rust | python | wasm | browser | jvm | fuzz | deny | bench) "group_$g" ;;
    *)
      say "unknown group '$g' (rust python wasm browser jvm fuzz deny bench)"
      exit 2
      ;;
  esac
done
