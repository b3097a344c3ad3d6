#!/usr/bin/env bash
# Every test, twice: once in a plain optimised build (build/) and once under AddressSanitizer,
# LeakSanitizer and UBSan (build-asan/); the Debian package of the plain build installed and
# purged; ThreadSanitizer for the concurrency tests; a short fuzz campaign. Exits non-zero if
# anything fails to build or pass.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/build-common.sh

# Services the tests need that the machine does not start by itself: a throwaway PostgreSQL 15
# cluster on loopback (installer/pg-test-cluster.sh), removed again when this script exits. The
# store tests run against it through ZVHPGA_TEST_PG_CONNECTION; the test that stops the server
# mid-stream uses the two commands exported beside it.
start_test_services() {
  local cluster_dir port
  cluster_dir=$(mktemp -d /tmp/zvhpga-test-pg.XXXXXX)
  chmod 755 "$cluster_dir"
  # A port derived from this shell's pid, so two runs on one machine do not collide.
  port=$((40000 + $$ % 20000))
  trap "bash '$PWD/installer/pg-test-cluster.sh' destroy '$cluster_dir/cluster'; rm -rf '$cluster_dir'" EXIT
  ZVHPGA_TEST_PG_CONNECTION=$(bash installer/pg-test-cluster.sh create "$cluster_dir/cluster" "$port")
  ZVHPGA_TEST_PG_STOP="bash '$PWD/installer/pg-test-cluster.sh' stop '$cluster_dir/cluster'"
  ZVHPGA_TEST_PG_START="bash '$PWD/installer/pg-test-cluster.sh' start '$cluster_dir/cluster'"
  export ZVHPGA_TEST_PG_CONNECTION ZVHPGA_TEST_PG_STOP ZVHPGA_TEST_PG_START
}

summaries=()
failed_builds=()

# run_tests BUILD_DIR [CTEST ARGS...]: runs CTest there, keeps its summary line, and records a failure.
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

# The Debian packages of that build, checked by lintian, installed, used and purged as an
# administrator would (tests/package/package_test.sh): it changes the machine, so it needs root
# and refuses to run where zvh-pga is installed for real.
if package_list=$(bash installer/package.sh build) && mapfile -t debs <<<"$package_list" &&
  bash tests/package/package_test.sh "${debs[@]}" 2>&1 | tee build/package.log; then
  summaries+=("package: $(grep -E 'checks passed' build/package.log | tail -n 1)")
else
  summaries+=("package: FAILED")
  failed_builds+=(package)
fi

# The benchmarks are left out: they are measured in the plain build, and their gSOAP peers are
# generated code that the sanitizers would only spend minutes compiling.
configure_and_build build-asan -DZVHPGA_SANITIZE=address,undefined -DZVHPGA_BUILD_BENCH=OFF
# Leaks that third-party libraries keep (tests/sanitizer/lsan.supp names only those) are not
# ours to fix; every other leak fails the test.
LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp" run_tests build-asan

# Where threads meet, under ThreadSanitizer: one plugin instance called from several threads at
# once, concurrent store transactions, the group commit that lines writers up, and the serving
# process's background task. Only the targets holding those tests are built.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DZVHPGA_SANITIZE=thread
cmake --build build-tsan -j "$BUILD_JOBS" --target plugin_tests store_tests unit_tests
run_tests build-tsan -R "Concurren|GroupCommit"

# Fuzzing: a short libFuzzer campaign per target under clang's ASan and UBSan (the corpora also
# replay as ordinary tests in the builds above). FUZZ_SECONDS=0 skips it.
if ((${FUZZ_SECONDS:-60} > 0)); then
  mkdir -p build-fuzz
  if bash installer/fuzz.sh "${FUZZ_SECONDS:-60}" 2>&1 | tee build-fuzz/fuzz.log; then
    summaries+=("build-fuzz: $(grep -c ' executions' build-fuzz/fuzz.log) targets fuzzed ${FUZZ_SECONDS:-60} s each, no finding")
  else
    failed_builds+=(build-fuzz)
  fi
fi

printf '\n== Test summary ==\n'
printf '%s\n' "${summaries[@]}"
if ((${#failed_builds[@]} > 0)); then
  printf 'FAILED in: %s\n' "${failed_builds[*]}"
  exit 1
fi
