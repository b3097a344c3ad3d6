#!/usr/bin/env bash
# The load and crash-recovery tests of tests/e2e/load_and_crash_test.cpp at a large scale:
# CLIENTS concurrent partner connections over mutual TLS (32) for DURATION seconds (60) registering
# signals and submitting contributions. Prints throughput, p50 and p99, and checks afterwards
# that the store holds exactly what was acknowledged and that the audit trail verifies.
# Usage: bench/load/run.sh   (environment: CLIENTS, DURATION, BUILD_DIR=build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
build_dir=${BUILD_DIR:-build}
cmake --build "$build_dir" -j 2 --target load_and_crash_test zvh-pga >/dev/null
ZVHPGA_CLI="$build_dir/bin/zvh-pga" bash tests/e2e/make-test-pki.sh "$build_dir/tests/e2e/pki" >/dev/null
ZVHPGA_LOAD_CLIENTS=${CLIENTS:-32} ZVHPGA_LOAD_SECONDS=${DURATION:-60} \
  "$build_dir/bin/load_and_crash_test"
