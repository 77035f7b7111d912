#!/usr/bin/env bash
# make bench-jvm: the Java latencies and assessJsonLines throughput (org.hengjie.Bench), then the
# same work in Rust (benches/reference.rs, criterion). Not a test. Prints the load average first:
# the figures mean little on a machine busy with other work.
set -euo pipefail
cd "$(dirname "$0")/../.."

out=target/jvm/bench-classes
rm -rf "$out"
mkdir -p "$out"
javac --release 11 -Xlint:all -Werror -encoding UTF-8 -d "$out" -cp target/hengjie.jar \
  bindings-jvm/java/src/bench/java/org/hengjie/Bench.java
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
env -u HENGJIE_JNI_LIB java -cp "$out:target/hengjie.jar" org.hengjie.Bench
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo bench --quiet -p hengjie-jvm --bench reference
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cargo bench --quiet -p hengjie-jvm --bench reference_mimalloc
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
