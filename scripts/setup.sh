#!/usr/bin/env bash
# Installs everything strata needs to build and test on Debian 12 (run as root),
# and fetches DuckDB 1.4.4 (header + libduckdb.so) from the npm registry into
# third_party/duckdb. Safe to run again: it skips what is already there.
# STRATA_DUCKDB_DIR=/path (with include/duckdb.h and lib/libduckdb.so) uses a
# DuckDB you already have instead.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake ninja-build pkg-config git
  libmariadb-dev libpq-dev libsqlite3-dev libyaml-cpp-dev nlohmann-json3-dev
  libcli11-dev libfmt-dev libspdlog-dev libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev llvm
  sqlite3 mariadb-server mariadb-client postgresql postgresql-client mydumper time openssl
  libcpp-httplib-dev chromium chromium-driver
  ${STRATA_EXTRA_PACKAGES:-})
# npm fetches DuckDB; a machine may already have it from elsewhere (nodesource).
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser test's driver (playwright-core; the browser is Debian's chromium).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
fi

if [ -n "${STRATA_DUCKDB_DIR:-}" ]; then exit 0; fi
dest=third_party/duckdb
if [ -f "$dest/include/duckdb.h" ] && [ -f "$dest/lib/libduckdb.so" ]; then exit 0; fi
case "$(uname -m)" in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) echo "setup: no DuckDB build for $(uname -m); set STRATA_DUCKDB_DIR" >&2; exit 1 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "setup: fetching DuckDB 1.4.4 ($arch) with npm pack"
(cd "$tmp" && npm pack --silent duckdb@1.4.4 "@duckdb/node-bindings-$arch@1.4.4-r.4" >/dev/null)
mkdir -p "$dest/include" "$dest/lib" "$tmp/h" "$tmp/l"
tar -xzf "$tmp"/duckdb-1.4.4.tgz -C "$tmp/h" package/src/duckdb/src/include/duckdb.h
tar -xzf "$tmp"/duckdb-node-bindings-*.tgz -C "$tmp/l" package/libduckdb.so
cp "$tmp/h/package/src/duckdb/src/include/duckdb.h" "$dest/include/"
cp "$tmp/l/package/libduckdb.so" "$dest/lib/"
