#!/usr/bin/env bash
# Installs what the JVM binding needs when it is missing, idempotently: a JDK 17 (javac, jar, java)
# and JUnit 5's console launcher (Debian's junit5), both with apt-get (Maven Central is not used).
set -euo pipefail

JUNIT=/usr/share/java/junit-platform-console-standalone.jar
missing=()
command -v javac >/dev/null && command -v jar >/dev/null || missing+=(openjdk-17-jdk-headless)
[ -f "$JUNIT" ] || missing+=(junit5)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing ${missing[*]} with apt-get: the JVM binding builds with javac/jar and tests with JUnit 5"
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "cannot install (needs root and apt-get): install ${missing[*]} and run again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
