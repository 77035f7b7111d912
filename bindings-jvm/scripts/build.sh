#!/usr/bin/env bash
# Builds target/hengjie.jar: the org.hengjie classes (javac --release 11) and the native library
# under native/<os>-<arch>/. The host's library is built here; a library cross-built beforehand for
# another Linux target (docs/java.md, "Other platforms") is packed too when present.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --release --quiet -p hengjie-jvm

out=target/jvm/classes
rm -rf "$out"
mkdir -p "$out"
javac --release 11 -Xlint:all -Werror -encoding UTF-8 -d "$out" \
  $(find bindings-jvm/java/src/main/java -name '*.java' | sort)

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host=linux-x86_64 ;;
  Linux-aarch64) host=linux-aarch64 ;;
  *) echo "build.sh: unsupported host $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
mkdir -p "$out/native/$host"
cp target/release/libhengjie_jvm.so "$out/native/$host/"
for pair in x86_64-unknown-linux-gnu:linux-x86_64 aarch64-unknown-linux-gnu:linux-aarch64; do
  triple=${pair%%:*} dir=${pair##*:}
  lib=target/$triple/release/libhengjie_jvm.so
  if [ "$dir" != "$host" ] && [ -f "$lib" ]; then
    mkdir -p "$out/native/$dir"
    cp "$lib" "$out/native/$dir/"
  fi
done

jar --create --file target/hengjie.jar -C "$out" .
echo "target/hengjie.jar: $(cd "$out" && find native -name '*.so' | sort | tr '\n' ' ')"
