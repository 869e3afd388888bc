#!/usr/bin/env bash
# Fuzz every target (tests/fuzz/fuzz_<name>.c) with libFuzzer for a while.
#
#   bench/fuzz.sh [SECONDS [TARGET...]]
#     SECONDS  per target (default 60)
#     TARGET   package xml benchmark desc facts answers tailoring arf (default: all)
#
# Builds with clang-14 (-DSCAPULA_FUZZ=ON: libFuzzer, ASan, UBSan) into build-fuzz, then runs
# each target over a working corpus build-fuzz/corpus/<name> seeded from tests/fuzz/corpus/<name>
# (the seeds are never written to). A crash, leak, UBSan report, timeout or broken contract stops
# that target; its input lands in build-fuzz/crashes/<name>/. Move it to tests/fuzz/crashes/<name>/
# until it is fixed, then into tests/fuzz/corpus/<name>/ so every build replays it.
# Prints one Markdown row per target (executions, rate, corpus growth, outcome) for
# docs/security.md, and exits 1 if any target found something.
# Needs clang-14 and libclang-rt-14-dev (.ci/deps --fuzz).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(package xml benchmark desc facts answers tailoring arf)
build=$here/build-fuzz
cc=${CC:-clang-14}
command -v "$cc" >/dev/null || { echo "fuzz.sh: $cc is missing (.ci/deps --fuzz)" >&2; exit 1; }

# Longest input per target: room for the seeds (plus a little), short enough to keep it fast.
max_len() {
	case $1 in
	desc) echo 4096 ;;
	answers | tailoring) echo 8192 ;;
	xml) echo 16384 ;;
	package | benchmark | facts | arf) echo 65536 ;;
	*) echo 16384 ;;
	esac
}
dict() {
	case $1 in
	desc) echo "$here/tests/fuzz/dict/desc.dict" ;;
	facts) echo "$here/tests/fuzz/dict/json.dict" ;;
	package) echo "" ;;
	*) echo "$here/tests/fuzz/dict/xml.dict" ;;
	esac
}

# shellcheck disable=SC2086 # SCAPULA_FUZZ_CMAKE_ARGS is a list of words
cmake -S "$here" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DSCAPULA_FUZZ=ON -DSCAPULA_WERROR=OFF ${SCAPULA_FUZZ_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

# libFuzzer's LSan, and UBSan reports that stop the run (the build already makes them fatal).
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
echo "| target | seconds | executions | exec/s | seeds | corpus after | outcome |"
echo "|---|---:|---:|---:|---:|---:|---|"
for t in "${targets[@]}"; do
	seeds=$here/tests/fuzz/corpus/$t
	work=$build/corpus/$t
	crashes=$build/crashes/$t
	log=$build/fuzz-$t.log
	mkdir -p "$work" "$crashes"
	d=$(dict "$t")
	set +e
	"$build/fuzz_$t" "$work" "$seeds" -max_total_time="$secs" -max_len="$(max_len "$t")" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/" ${d:+-dict="$d"} >"$log" 2>&1
	rc=$?
	set -e
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	outcome=ok
	if [ "$rc" -ne 0 ]; then
		outcome="FOUND: $(grep -m1 -oE 'ERROR: [A-Za-z]+: [^ ]+|contract broken: [^(]*|runtime error: .*' "$log" || echo "exit $rc") ($(ls -t "$crashes" | head -1))"
		status=1
	fi
	echo "| $t | $secs | ${execs:-?} | ${rate:-?} | $(find "$seeds" -type f | wc -l) | $(find "$work" -type f | wc -l) | $outcome |"
done
exit $status
