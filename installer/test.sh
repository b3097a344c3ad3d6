#!/usr/bin/env bash
# Every test, twice: once in a plain optimised build (build/) and once under AddressSanitizer,
# LeakSanitizer and UBSan (build-asan/). Exits non-zero if anything fails to build or pass.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/build-common.sh

# Services the tests need that the machine does not start by itself. The embedded SQLite store
# needs none; the PostgreSQL integration tests, when they come, start their server here.
start_test_services() {
  :
}

summaries=()
failed_builds=()

# run_tests BUILD_DIR: runs CTest there, keeps its summary line, and records a failure.
run_tests() {
  local build_dir=$1 log
  shift
  log="$build_dir/ctest.log"
  local status=0
  (cd "$build_dir" && ctest --output-on-failure -j "$BUILD_JOBS" "$@") 2>&1 | tee "$log" || status=$?
  summaries+=("$build_dir: $(grep -E 'tests passed|tests failed' "$log" | tail -n 1 || true)")
  if ((status != 0)); then
    failed_builds+=("$build_dir")
  fi
}

bash installer/setup-deps.sh
start_test_services

configure_and_build build
run_tests build

configure_and_build build-asan -DZVHPGA_SANITIZE=address,undefined
run_tests build-asan

# Where threads meet, under ThreadSanitizer: one plugin instance called from several threads at
# once, and concurrent store transactions. Only the targets holding those tests are built.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZVHPGA_SANITIZE=thread
cmake --build build-tsan -j "$BUILD_JOBS" --target plugin_tests store_tests
run_tests build-tsan -R Concurren

printf '\n== Test summary ==\n'
printf '%s\n' "${summaries[@]}"
if ((${#failed_builds[@]} > 0)); then
  printf 'FAILED in: %s\n' "${failed_builds[*]}"
  exit 1
fi
