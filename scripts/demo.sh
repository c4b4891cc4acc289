#!/usr/bin/env bash
# Sets everything up, builds strata, and runs the seed scenario demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
build/strata demo --dir "${1:-strata-demo}"
