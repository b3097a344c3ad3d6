#!/usr/bin/env bash
# Fuzzing campaigns with libFuzzer (docs/fuzzing.md): builds the fuzz targets with clang-14
# under ASan and UBSan in build-fuzz/, then runs each target for SECONDS on a working copy of its
# seed corpus (tests/fuzz/corpus/<target>) with the dictionary, two targets at a time. A crash
# leaves its input in build-fuzz/crashes/<target>/ and makes the script fail; new coverage
# stays in build-fuzz/corpus/<target>/ for the next campaign.
# Usage: installer/fuzz.sh [SECONDS [TARGET...]]   (default: 60 seconds, every target)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source installer/build-common.sh

seconds=${1:-60}
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  targets=(request_document abi_call soap_exchange configuration criteria_catalogue retention_policy
    user_assertion)
fi
readonly build_dir=build-fuzz

CC=clang-14 CXX=clang++-14 cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DZVHPGA_SANITIZE=fuzzer-no-link,address,undefined -DZVHPGA_FUZZ=ON -DZVHPGA_BUILD_BENCH=OFF
cmake --build "$build_dir" -j "$BUILD_JOBS" --target fuzz_targets

# run_target NAME: one campaign; its summary line goes to build-fuzz/<name>.log.
run_target() {
  local target=$1 corpus="$build_dir/corpus/$1" crashes="$build_dir/crashes/$1"
  mkdir -p "$corpus" "$crashes"
  cp -n tests/fuzz/corpus/"$target"/* "$corpus"/
  # Third-party leaks (tests/sanitizer/lsan.supp) are not ours; every other leak is a finding.
  LSAN_OPTIONS="suppressions=$PWD/tests/sanitizer/lsan.supp" \
    "$build_dir/bin/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
    -dict=tests/fuzz/zvhpga.dict -artifact_prefix="$crashes/" "$corpus" \
    >"$build_dir/$target.log" 2>&1
}

failed=()
for ((i = 0; i < ${#targets[@]}; i += BUILD_JOBS)); do
  pids=()
  for target in "${targets[@]:i:BUILD_JOBS}"; do
    run_target "$target" &
    pids+=("$!:$target")
  done
  for entry in "${pids[@]}"; do
    wait "${entry%%:*}" || failed+=("${entry#*:}")
  done
done

printf '\n== Fuzzing, %s s per target ==\n' "$seconds"
for target in "${targets[@]}"; do
  executions=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$build_dir/$target.log" | grep -o '[0-9]*$' || echo "?")
  printf '%-18s %10s executions, corpus %s files\n' "$target" "$executions" \
    "$(find "$build_dir/corpus/$target" -type f | wc -l)"
done
if ((${#failed[@]} > 0)); then
  printf 'FAILED: %s (inputs in %s/crashes/, logs in %s/<target>.log)\n' "${failed[*]}" "$build_dir" "$build_dir"
  for target in "${failed[@]}"; do tail -n 40 "$build_dir/$target.log"; done
  exit 1
fi
