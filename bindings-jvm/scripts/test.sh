#!/usr/bin/env bash
# Compiles the JUnit 5 tests against target/hengjie.jar and runs them with the console launcher
# (exit status non-zero on any failure). Run after build.sh (make test-jvm does both).
set -euo pipefail
cd "$(dirname "$0")/../.."

JUNIT=/usr/share/java/junit-platform-console-standalone.jar
out=target/jvm/test-classes
rm -rf "$out"
mkdir -p "$out"
javac --release 11 -Xlint:all -Werror -encoding UTF-8 -d "$out" -cp "target/hengjie.jar:$JUNIT" \
  $(find bindings-jvm/java/src/test/java -name '*.java' | sort)
# --compile-only: the test classes alone (tests/cross runs org.hengjie.CrossDoor from them).
[ "${1:-}" = --compile-only ] && exit 0
# Arguments select tests (e.g. --select-class org.hengjie.ThreadsTest); by default, all of them.
[ $# -gt 0 ] || set -- --scan-class-path "$out"
# The library comes from the jar (its loader is under test), whatever the caller's environment says.
env -u HENGJIE_JNI_LIB java -Dhengjie.root="$PWD" -jar "$JUNIT" --disable-banner --details=summary \
  --fail-if-no-tests --class-path "$out:target/hengjie.jar" "$@"
