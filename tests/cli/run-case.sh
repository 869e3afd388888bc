#!/bin/sh
# Run one CLI golden case: run-case.sh CASE_DIR SCAPULA SHARED_DIR SOURCE_DIR [BUILD_DIR]
#
# CASE_DIR/cmd              arguments to scapula, one per line; @SHARED@, @SOURCE@, @BUILD@ (the
#                           build folder) and @WORK@ (a fresh scratch folder) are replaced
# CASE_DIR/expected-exit    the exit status (required)
# CASE_DIR/expected-stdout  exact standard output (optional)
# CASE_DIR/expected-stderr  exact standard error (optional)
# CASE_DIR/stdout-contains, stderr-contains   fixed strings, one per line, that must appear
# CASE_DIR/check            optional sh script run afterwards with WORK, OUT, ERR, SHARED, SOURCE set;
#                           it fails the case by exiting non-zero
# UPDATE_GOLDEN=1 rewrites the expected-stdout / expected-stderr files that exist.
set -u
case_dir=$1 scapula=$2 shared=$3 source=$4 build=${5:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/scapula-case.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
out=$work/.stdout err=$work/.stderr

set --
while IFS= read -r line || [ -n "$line" ]; do
	line=$(printf '%s' "$line" | sed -e "s|@SHARED@|$shared|g" -e "s|@SOURCE@|$source|g" -e "s|@WORK@|$work|g" -e "s|@BUILD@|$build|g")
	set -- "$@" "$line"
done < "$case_dir/cmd"

(cd "$work" && SOURCE_DATE_EPOCH=1700000000 "$scapula" "$@" >"$out" 2>"$err")
status=$?
fail=0
expected=$(cat "$case_dir/expected-exit")
if [ "$status" != "$expected" ]; then
	echo "exit status $status, expected $expected"; fail=1
fi
for stream in stdout stderr; do
	file=$out; [ $stream = stderr ] && file=$err
	if [ -f "$case_dir/expected-$stream" ]; then
		if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
			cp "$file" "$case_dir/expected-$stream"
		elif ! diff -u "$case_dir/expected-$stream" "$file"; then
			echo "$stream differs from expected-$stream"; fail=1
		fi
	fi
	if [ -f "$case_dir/$stream-contains" ]; then
		while IFS= read -r want || [ -n "$want" ]; do
			[ -z "$want" ] && continue
			if ! grep -qF -- "$want" "$file"; then
				echo "$stream lacks: $want"; fail=1
			fi
		done < "$case_dir/$stream-contains"
	fi
done
if [ -f "$case_dir/check" ]; then
	WORK=$work OUT=$out ERR=$err SHARED=$shared SOURCE=$source BUILD=$build SCAPULA=$scapula PYTHON3=${PYTHON3:-/usr/bin/python3} sh "$case_dir/check" || { echo "check failed"; fail=1; }
fi
if [ $fail != 0 ]; then
	echo "--- stderr:"; head -c 4000 "$err"
fi
exit $fail
