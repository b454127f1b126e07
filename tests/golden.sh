#!/bin/sh
# golden.sh [--update]: packs every testdata/bundles/<case>/ as a zip (and the cases listed in
# testdata/bundles/TARGZ as tar.gz too), runs marstriage on it, and compares the Markdown, JSON
# and HTML reports with testdata/expected/. With --update the expected files are rewritten
# instead: review the diff before committing it. Each JSON report is made a second time with
# -j 2 and every entry inflated on a reader thread, and must be the same.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/marstriage
tmp=$top/tests/tmp/golden
update=0
[ "${1:-}" = "--update" ] && update=1
rm -rf "$tmp"
mkdir -p "$tmp" "$top/testdata/expected"
export LC_ALL=C TZ=UTC
pass=0
fail=0

check() {	# check NAME FILE: compare the produced FILE with expected/NAME
	if [ $update = 1 ]; then
		cp "$2" "$top/testdata/expected/$1"
		pass=$((pass + 1))
	elif cmp -s "$2" "$top/testdata/expected/$1"; then
		pass=$((pass + 1))
	else
		echo "golden: $1 differs from testdata/expected/$1:" >&2
		diff -u "$top/testdata/expected/$1" "$2" | head -n 40 >&2
		fail=$((fail + 1))
	fi
}

run_case() {	# run_case CASE ARCHIVE_NAME FORMATS...
	case_name=$1 archive=$2
	shift 2
	"$top/tests/pack.sh" "$top/testdata/bundles/$case_name" "$tmp/$archive" || {
		echo "golden: cannot pack $case_name" >&2; fail=$((fail + 1)); return; }
	for fmt in "$@"; do
		(cd "$tmp" && "$bin" -q -r "$top/rules" -f "$fmt" -o - "$archive") \
		    > "$tmp/$archive.$fmt" 2> "$tmp/$archive.$fmt.err"
		echo "exit $?" >> "$tmp/$archive.$fmt.err"
		check "$archive.$fmt" "$tmp/$archive.$fmt"
	done
	check "$archive.exit" "$tmp/$archive.json.err"
	# With a reader thread inflating every entry, the report is the same.
	(cd "$tmp" && MARSTRIAGE_READAHEAD_MIN=0 "$bin" -q -j 2 -r "$top/rules" -f json -o - \
	    "$archive") > "$tmp/$archive.j2.json" 2> /dev/null
	[ $update = 1 ] || check "$archive.json" "$tmp/$archive.j2.json"
}

for dir in "$top"/testdata/bundles/*/; do
	case_name=$(basename "$dir")
	run_case "$case_name" "$case_name.zip" md json html
done
if [ -f "$top/testdata/bundles/TARGZ" ]; then
	while read -r case_name; do
		[ -n "$case_name" ] && run_case "$case_name" "$case_name.tar.gz" json
	done < "$top/testdata/bundles/TARGZ"
fi
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
