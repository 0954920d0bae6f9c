#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz/ (issue 9).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds build-fuzz/ with clang (installing clang if missing, as ./dev does), then runs
# each TARGET (default: all of them) for SECONDS (default 60) on a copy of its seed
# corpus in build-fuzz/fuzz-runs/<target>/ (the repository's corpus is never written;
# tests/fuzz/regressions/<target>/ is read as extra seeds). Prints runs, executions per
# second and the result per target. Exit status 1 if any target crashed, leaked, timed
# out or ran out of memory; the input that did it is named in the output (copy it to
# tests/fuzz/regressions/<target>/ once the cause is fixed). SWIVEL_FUZZ_SWIVEL_CLI may
# name a built swivel-cli, which then generates handler_request's machine (else the
# fuzz build compiles its own).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${SWIVEL_FUZZ_BUILD:-$ROOT/build-fuzz}
JOBS=${SWIVEL_JOBS:-$(nproc)}
ALL_TARGETS=(machine_file expression scxml_import scenario session handler_request)
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-true}

seconds=60
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${ALL_TARGETS[@]}")
for target in "${targets[@]}"; do
    if [ ! -f "$ROOT/tests/fuzz/fuzz_$target.cpp" ]; then
        echo "fuzz.sh: no fuzz target '$target' (known: ${ALL_TARGETS[*]})" >&2
        exit 2
    fi
done

say() {
    printf '\n==> %s\n' "$*"
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "fuzz.sh: installing clang needs root; run as root or install sudo" >&2
        exit 1
    fi
}

# libFuzzer's runtime comes with clang's compiler-rt (libclang-rt-14-dev on Debian 12).
if ! command -v clang++ >/dev/null 2>&1 || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q 'install ok installed'; then
    say "Installing clang"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends clang libclang-rt-14-dev
fi

# -O1: libFuzzer's advice (fast enough, stacks still readable); asserts stay on.
say "Building the fuzz targets in $BUILD"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-g1 -O1" \
    -DSWIVEL_BUILD_GUI=OFF -DSWIVEL_BUILD_TESTS=OFF -DSWIVEL_BUILD_FUZZERS=ON \
    "-DSWIVEL_FUZZ_SWIVEL_CLI=${SWIVEL_FUZZ_SWIVEL_CLI:-}" >/dev/null
cmake --build "$BUILD" --parallel "$JOBS" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
summary=()
for target in "${targets[@]}"; do
    work=$BUILD/fuzz-runs/$target
    rm -rf "$work"
    mkdir -p "$work/corpus" "$work/artifacts"
    cp -R "$ROOT/tests/fuzz/corpus/$target/." "$work/corpus/"
    seeds=("$work/corpus")
    [ -d "$ROOT/tests/fuzz/regressions/$target" ] && seeds+=("$ROOT/tests/fuzz/regressions/$target")

    say "Fuzzing $target for $seconds s (log: $work/fuzz.log)"
    result=ok
    # -timeout: an input taking longer than 10 s counts as a hang.
    if ! "$BUILD/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
            "${seeds[@]}" >"$work/fuzz.log" 2>&1; then
        result=FAILED
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -n1)
    line=$(printf '%-15s runs %-10s exec/s %-7s %s' "$target" "${runs:-?}" "${speed:-?}" "$result")
    if [ "$result" != ok ]; then
        grep -E '^==[0-9]+==ERROR|runtime error|^SUMMARY' "$work/fuzz.log" | head -n 5 || true
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/fuzz.log" | tail -n1)
        line="$line: ${artifact:-see $work/fuzz.log}"
    fi
    echo "$line"
    summary+=("$line")
done

say "Summary ($seconds s per target)"
printf '%s\n' "${summary[@]}"
exit "$status"
