#!/bin/sh
# bench/scan.sh - scapula scan against oscap doing the same work, on the same inputs, in one run
#
#   bench/scan.sh [SCAPULA [WORK]]
#
# (a) One host, DISA's V2R6 package to ARF: `scapula scan PACKAGE --facts HOST` against
#     `oscap oval analyse` on the bound OVAL definitions and the host's system characteristics
#     plus `oscap xccdf eval` on the bound data stream (their inputs made beforehand, untimed,
#     with `scapula bind` and `scapula facts --sc`). Median of RUNS runs each, interleaved.
# (b) HOSTS hosts generated from the example bundles (bench/gen_fleet.py): `scapula scan`
#     (ARF only, ROUNDS times, then once with every report) against a loop of `oscap oval
#     analyse` per host (with its default schema validation, split in ROUNDS shares run
#     between the scans; then with --skip-valid) over the first OSCAP_HOSTS of them. Peak RSS
#     of the scan's parent and of its workers, also at HOSTS/4 and HOSTS/2, to show memory
#     does not grow with the number of hosts.
#
# Environment: HOSTS (1000), OSCAP_HOSTS (HOSTS), RUNS (5), ROUNDS (3), SHARED_DIR (../shared).
# Prints one line per measurement (bench/measure.py) and the ratios; results.txt in WORK.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
scapula=${1:-$src/build/scapula}
work=${2:-${TMPDIR:-/tmp}/scapula-bench-scan}
shared=${SHARED_DIR:-$src/../shared}
pkg=$shared/stig/packages/U_MS_Exchange_2016_V2R6_STIG.zip
hosts=${HOSTS:-1000}
oscap_hosts=${OSCAP_HOSTS:-$hosts}
runs=${RUNS:-5}
measure="python3 $here/measure.py"
mailbox=MS_Exchange_2016_Mailbox_Server_STIG
edge=MS_Exchange_2016_Edge_Transport_Server_STIG

rm -rf "$work"
mkdir -p "$work/in" "$work/osc"
results=$work/results.txt
say() { printf '%s\n' "$*" | tee -a "$results"; }

say "# bench/scan.sh $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "# $("$scapula" --version), $(oscap --version | head -1)"

# ---- inputs (untimed) -------------------------------------------------------------------
for stig in $mailbox $edge; do
	"$scapula" bind "$pkg" --stig $stig -o "$work/in/$stig.ds.xml" 2>/dev/null
	python3 "$here/oval_inputs.py" "$work/in/$stig.ds.xml" "$work/in/$stig.defs.xml" \
		"$work/in/$stig.vars.xml"
done
one=$src/content/examples/mailbox-default.json
"$scapula" facts "$one" --content "$work/in/$mailbox.defs.xml" --sc "$work/in/one.sc.xml" >/dev/null
python3 "$here/gen_fleet.py" "$src/content/examples" "$work/fleet" "$hosts"
i=0
for f in "$work"/fleet/*.json; do
	[ "$i" -lt "$oscap_hosts" ] || break
	case $(( i % 4 )) in 0|1) stig=$mailbox ;; *) stig=$edge ;; esac
	ln -s "$work/in/$stig.defs.xml" "$work/osc/$i.defs"
	ln -s "$work/in/$stig.vars.xml" "$work/osc/$i.vars"
	"$scapula" facts "$f" --content "$work/in/$stig.defs.xml" --sc "$work/osc/$i.sc" >/dev/null
	i=$((i + 1))
done

# ---- (a) one host -----------------------------------------------------------------------
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
: >"$work/a-scan" ; : >"$work/a-oscap"
r=0
while [ $r -lt "$runs" ]; do
	$measure a-scan -- "$scapula" scan "$pkg" --facts "$one" -o "$work/a-out" --no-reports -q \
		| tee -a "$work/a-scan.log" | field wall >>"$work/a-scan"
	t1=$($measure a-oval -- oscap oval analyse --results "$work/a-oval.xml" \
		--variables "$work/in/$mailbox.vars.xml" "$work/in/$mailbox.defs.xml" \
		"$work/in/one.sc.xml" | tee -a "$work/a-oscap.log" | field wall)
	t2=$($measure a-xccdf -- oscap xccdf eval --results-arf "$work/a-arf.xml" \
		"$work/in/$mailbox.ds.xml" | tee -a "$work/a-oscap.log" | field wall)
	echo "$t1 $t2" | awk '{print $1 + $2}' >>"$work/a-oscap"
	r=$((r + 1))
done
a_scan=$(median <"$work/a-scan")
a_oscap=$(median <"$work/a-oscap")
say "(a) one host, package to ARF: scapula scan ${a_scan} s, oscap oval analyse + xccdf eval ${a_oscap} s (median of $runs)"

# ---- (b) a fleet ------------------------------------------------------------------------
for n in $((hosts / 4)) $((hosts / 2)); do
	mkdir -p "$work/fleet-$n"
	ls "$work/fleet" | head -n "$n" | while read -r f; do ln -s "$work/fleet/$f" "$work/fleet-$n/$f"; done
	say "$($measure "scan-arf-$n" -- "$scapula" scan "$pkg" --facts "$work/fleet-$n" -o "$work/b-out-$n" --no-reports -q)"
done
# The load of a shared machine varies: ROUNDS rounds each run the whole scan and a share of
# the oscap loop, so both sample the same periods; the scan's median and the loop's total count.
rounds=${ROUNDS:-3}
: >"$work/b-arf-walls"
r=0 first=0
osc_wall=0 osc_cpu=0
while [ $r -lt "$rounds" ]; do
	line=$($measure "scan-arf-$hosts" -- "$scapula" scan "$pkg" --facts "$work/fleet" -o "$work/b-arf" --no-reports -q)
	say "$line"
	echo "$(echo "$line" | field wall) $line" >>"$work/b-arf-walls"
	share=$(( (oscap_hosts * (r + 1)) / rounds - first ))
	line=$($measure --loop oscap-oval-analyse "$share" "$first" -- oscap oval analyse \
		--results "$work/osc/r.xml" --variables "$work/osc/{i}.vars" "$work/osc/{i}.defs" "$work/osc/{i}.sc")
	say "$line"
	osc_wall=$(echo "$osc_wall $(echo "$line" | field wall)" | awk '{print $1 + $2}')
	osc_cpu=$(echo "$osc_cpu $(echo "$line" | field user) $(echo "$line" | field sys)" | awk '{print $1 + $2 + $3}')
	first=$((first + share))
	r=$((r + 1))
done
b_osc="oscap-oval-analyse runs=$oscap_hosts wall=$osc_wall user=$osc_cpu sys=0"
b_rep=$($measure "scan-reports-$hosts" -- "$scapula" scan "$pkg" --facts "$work/fleet" -o "$work/b-rep" -q)
say "$b_rep"
b_skip=$($measure --loop oscap-oval-analyse-skip-valid "$oscap_hosts" -- oscap oval analyse \
	--skip-valid --results "$work/osc/r.xml" --variables "$work/osc/{i}.vars" "$work/osc/{i}.defs" "$work/osc/{i}.sc")
say "$b_skip"

arfs=$(find "$work/b-arf" -name arf.xml | wc -l)
say "ARFs written: $arfs of $hosts"
ratio() {
	echo "$1 $2 $3 $4" | awk '{s = $1 / $2; o = $3 / $4; printf "%.1f hosts/s against %.2f hosts/s: %.1fx", s, o, s / o}'
}
b_arf=$(sort -n "$work/b-arf-walls" | sed -n "$(( (rounds + 1) / 2 ))p" | cut -d' ' -f2-)
wall_arf=$(echo "$b_arf" | field wall); wall_rep=$(echo "$b_rep" | field wall)
wall_osc=$(echo "$b_osc" | field wall); wall_skip=$(echo "$b_skip" | field wall)
say "(b) ARF only (median of $rounds) vs oscap loop: $(ratio "$hosts" "$wall_arf" "$oscap_hosts" "$wall_osc")"
say "(b) ARF + reports vs oscap loop:       $(ratio "$hosts" "$wall_rep" "$oscap_hosts" "$wall_osc")"
say "(b) ARF only vs oscap --skip-valid:    $(ratio "$hosts" "$wall_arf" "$oscap_hosts" "$wall_skip")"
cpu() { echo "$1" | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[kv[1]] = kv[2]} print v["user"] + v["sys"]}'; }
say "(b) CPU seconds per host (the median scan): scan ARF $(echo "$(cpu "$b_arf") $hosts" | awk '{printf "%.4f", $1 / $2}'), scan + reports $(echo "$(cpu "$b_rep") $hosts" | awk '{printf "%.4f", $1 / $2}'), oscap $(echo "$(cpu "$b_osc") $oscap_hosts" | awk '{printf "%.4f", $1 / $2}'), oscap --skip-valid $(echo "$(cpu "$b_skip") $oscap_hosts" | awk '{printf "%.4f", $1 / $2}')"
say "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
