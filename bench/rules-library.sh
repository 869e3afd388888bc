#!/usr/bin/env bash
# rules over DISA's library: `scapula rules --format json` against the physical limit.
#
#   bench/rules-library.sh [SCAPULA [LIBRARY]]
#     SCAPULA  the binary (default: build/scapula)
#     LIBRARY  DISA's SRG/STIG library zip (default: ../shared/stig/packages/U_SRG-STIG_Library_sample.zip)
#   RUNS=N     runs of each measurement, the best one counts (default 3)
#
# In the same run it measures:
#   scapula   scapula rules --format json LIBRARY > /dev/null (wall time, peak RSS)
#   baseline  for every inner zip: unzip -p of each XCCDF in it, piped into
#             xmllint --stream --noout - (what reading the library costs with stock tools)
#   floor     xmllint --stream --noout over every XCCDF already unpacked on tmpfs, in one
#             process: the parse alone, no decompression, no process per file (for reference)
# and fails (exit 1) unless scapula is within 1.5x of the baseline and under 256 MB of RSS.
# Results go to standard output as a Markdown table for docs/performance.md.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
scapula=${1:-$here/build/scapula}
lib=${2:-$here/../shared/stig/packages/U_SRG-STIG_Library_sample.zip}
runs=${RUNS:-3}
for tool in unzip xmllint /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "rules-library.sh: $tool is missing (.ci/deps --test)" >&2; exit 1; }
done
[ -x "$scapula" ] || { echo "rules-library.sh: no scapula at $scapula" >&2; exit 1; }
[ -f "$lib" ] || { echo "rules-library.sh: no library at $lib" >&2; exit 1; }

tmproot=/tmp; [ -d /dev/shm ] && [ -w /dev/shm ] && tmproot=/dev/shm
tmp=$(mktemp -d "$tmproot/scapula-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# A zip member name as an unzip pattern that matches only itself.
pattern() { printf '%s' "$1" | sed 's/[][*?\\]/\\&/g'; }

baseline() {
	unzip -Z1 "$lib" | grep -i '\.zip$' | while IFS= read -r inner; do
		unzip -p "$lib" "$(pattern "$inner")" >"$tmp/inner.zip"
		unzip -Z1 "$tmp/inner.zip" | grep -i 'xccdf.*\.xml$' | while IFS= read -r x; do
			unzip -p "$tmp/inner.zip" "$(pattern "$x")" | xmllint --stream --noout - ||
				{ echo "xmllint failed on $inner:$x" >&2; exit 1; }
		done
	done
}

unpack_all() {
	local n=0
	mkdir -p "$tmp/outer" "$tmp/x"
	unzip -q "$lib" -d "$tmp/outer"
	for z in "$tmp"/outer/*.zip; do
		n=$((n + 1))
		mkdir -p "$tmp/x/$n"
		unzip -q "$z" '*.xml' -d "$tmp/x/$n"
	done
	rm -rf "$tmp/outer"
}

floor() {
	find "$tmp/x" -name '*.xml' -print0 | xargs -0 xmllint --stream --noout
}

calc() { awk "BEGIN { printf \"%.2f\", $1 }"; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# measure NAME CMD...: run CMD RUNS times under /usr/bin/time (children included); keep the
# best wall time, the CPU time (user + system) of that run, and the highest peak RSS.
declare -A wall cpu rss
measure() {
	local name=$1 e u s m
	shift
	for _ in $(seq "$runs"); do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >/dev/null
		read -r e u s m <"$tmp/time"
		if [ -z "${wall[$name]:-}" ] || lt "$e" "${wall[$name]}"; then
			wall[$name]=$e
			cpu[$name]=$(calc "$u + $s")
		fi
		[ "$m" -gt "${rss[$name]:-0}" ] && rss[$name]=$m
	done
}

export lib tmp
export -f pattern baseline floor
measure scapula "$scapula" rules --format json "$lib"
measure model "$scapula" stigs "$lib"
measure baseline bash -c baseline
unpack_all
measure floor bash -c floor
rules=$("$scapula" rules --format json "$lib" | grep -c '^{')
ratio=$(calc "${wall[scapula]} / ${wall[baseline]}")

row() { printf '| %s | %s | %s | %s |\n' "$1" "${wall[$2]}" "${cpu[$2]}" "$3"; }
printf '| measurement | wall (s) | CPU user+sys (s) | peak RSS (MB) |\n|---|---|---|---|\n'
row "scapula rules --format json ($rules rules)" scapula "$(calc "${rss[scapula]} / 1024")"
row "scapula stigs (the model, no JSON)" model "$(calc "${rss[model]} / 1024")"
row "baseline: unzip -p of each XCCDF into xmllint --stream" baseline -
row "floor: one xmllint --stream over the unpacked XCCDFs" floor -
printf '\nscapula / baseline = %s (target <= 1.5); scapula / floor = %s (wall), %s (CPU)\n' \
	"$ratio" "$(calc "${wall[scapula]} / ${wall[floor]}")" "$(calc "${cpu[scapula]} / ${cpu[floor]}")"
printf '%d CPUs, load average %s, best of %s runs\n' "$(nproc)" \
	"$(cut -d' ' -f1 /proc/loadavg)" "$runs"

status=0
if lt 1.5 "$ratio"; then
	echo "FAIL: scapula takes more than 1.5x the baseline" >&2
	status=1
fi
if [ "${rss[scapula]}" -gt $((256 * 1024)) ]; then
	echo "FAIL: peak RSS over 256 MB" >&2
	status=1
fi
exit $status
