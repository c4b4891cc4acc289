#!/usr/bin/env bash
# Sets everything up, builds strata and its tests, and runs them all (and the
# operations page's browser test, tests/browser/page_test.mjs); runs
# the fuzz targets briefly (scripts/fuzz.sh; STRATA_FUZZ=0 skips them); then
# builds again with AddressSanitizer + UndefinedBehaviorSanitizer and runs the
# tests once more (STRATA_SANITIZE=0 skips that pass).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
jobs=$(nproc)

bash scripts/build.sh build
(cd build && ctest --output-on-failure -j "$jobs")
# The operations page in Debian's Chromium (release build only: it checks the
# page, not memory); screenshots go to build/screenshots.
mkdir -p build/screenshots
node tests/browser/page_test.mjs build/strata build/screenshots

if [ "${STRATA_FUZZ:-1}" != 0 ]; then
  bash scripts/fuzz.sh
fi

if [ "${STRATA_SANITIZE:-1}" != 0 ]; then
  bash scripts/build.sh build-asan -DSTRATA_SANITIZE=ON
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # The seeded simulations prove correctness in the first pass; here they
  # look for memory errors, on fewer business dates (sanitized code is ~3x slower).
  (cd build-asan && STRATA_SIM_DAYS=${STRATA_SIM_DAYS_SANITIZED:-12} \
    ctest --output-on-failure -j "$jobs")
fi
