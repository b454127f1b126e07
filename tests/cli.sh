#!/bin/sh
# cli.sh: tests of the command line as a user meets it: options, messages, exit status, output
# files, and the examples of the man page.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/marstriage
tmp=$top/tests/tmp/cli
rm -rf "$tmp"
mkdir -p "$tmp"
export LC_ALL=C TZ=UTC
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { echo "cli: FAIL: $*" >&2; fail=$((fail + 1)); }

# expect_status WANT DESCRIPTION CMD...: runs CMD with stdout/stderr to $tmp/out, $tmp/err
expect_status() {
	want=$1 what=$2
	shift 2
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else bad "$what: exit $got, wanted $want"; sed 's/^/  /' "$tmp/err" >&2; fi
}
contains() {	# contains FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; fi
}
lacks() {
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' unexpectedly in $(basename "$1")"; else ok; fi
}

"$top/tests/pack.sh" "$top/testdata/bundles/healthy" "$tmp/healthy.zip"
"$top/tests/pack.sh" "$top/testdata/bundles/vss-writer-timeout" "$tmp/vss.zip"
"$top/tests/pack.sh" "$top/testdata/bundles/unreadable-entry" "$tmp/unreadable.zip"

# --help and --version
expect_status 0 "--help" "$bin" --help
contains "$tmp/out" "usage: marstriage" "--help"
contains "$tmp/out" "--fail-on" "--help lists options"
contains "$tmp/out" "json" "--help lists formats"
contains "$tmp/out" "mars.log" "--help lists parsers"
expect_status 0 "--version" "$bin" --version
contains "$tmp/out" "marstriage 0." "--version"

# usage errors: exit 2 with a message
expect_status 2 "unknown option" "$bin" --no-such-option x.zip
contains "$tmp/err" "unknown option '--no-such-option'" "unknown option message"
expect_status 2 "no bundle" "$bin" -r "$top/rules"
contains "$tmp/err" "no bundle given" "no bundle message"
expect_status 2 "bad format" "$bin" -f pdf x.zip
contains "$tmp/err" "unknown format 'pdf'" "bad format message"
expect_status 2 "bad --fail-on" "$bin" --fail-on fatal x.zip
expect_status 2 "bad --tz" "$bin" --tz 25:00 x.zip
expect_status 2 "bad --codepage" "$bin" --codepage no-such-page x.zip
contains "$tmp/err" "unknown code page 'no-such-page'" "bad --codepage message"

# --codepage: a cmd capture in code page 850 is read as such, and the inventory says so
mkdir -p "$tmp/cp"
printf 'Acc\212s refus\202.\r\n' > "$tmp/cp/note.txt"
expect_status 0 "--codepage" "$bin" -q -r "$top/rules" --codepage cp437 -f json -o - "$tmp/cp"
contains "$tmp/out" '"encoding": "cp437"' "--codepage in the inventory"
expect_status 0 "code page by the bytes" "$bin" -q -r "$top/rules" -f json -o - "$tmp/cp"
contains "$tmp/out" '"encoding": "cp850"' "OEM bytes read as cp850"

# a broken rule file: exit 2 naming file:line:column
mkdir -p "$tmp/badrules"
printf 'id: broken\ntitle: "unterminated\nseverity: error\n' > "$tmp/badrules/broken.yaml"
expect_status 2 "broken rule file" "$bin" -r "$tmp/badrules" "$tmp/healthy.zip"
contains "$tmp/err" "broken.yaml:" "broken rule file names the file"
if grep -Eq 'broken\.yaml:[0-9]+:[0-9]+:' "$tmp/err"; then ok; else bad "broken rule file: no line:column"; fi

# --list-rules shows the rule ids
expect_status 0 "--list-rules" "$bin" -r "$top/rules" --list-rules
for id in wsb-not-installed vss-writer-timeout vss-writer-failed efi-partition-locked \
    shadow-storage-insufficient; do
	contains "$tmp/out" "$id" "--list-rules"
done

# exit status follows --fail-on
expect_status 0 "healthy bundle" "$bin" -q -r "$top/rules" -o - -f json "$tmp/healthy.zip"
contains "$tmp/out" '"status": "healthy"' "healthy verdict"
expect_status 1 "failing bundle" "$bin" -q -r "$top/rules" -o - -f json "$tmp/vss.zip"
expect_status 0 "failing bundle, --fail-on critical" "$bin" -q -r "$top/rules" -o - \
    --fail-on critical "$tmp/vss.zip"

# a bundle that cannot be read at all: exit 3, a message, and still a minimal report
expect_status 3 "missing bundle" "$bin" -r "$top/rules" -o - -f json "$tmp/no-such.zip"
contains "$tmp/err" "no-such.zip" "missing bundle message names it"
contains "$tmp/out" '"status": "unreadable"' "missing bundle still gets a report"

# an unreadable entry among good ones: the rest is analysed, every entry is in the inventory
expect_status 0 "unreadable entry" "$bin" -q -r "$top/rules" -o - -f json "$tmp/unreadable.zip"
contains "$tmp/out" '"note": "binary"' "binary entry skipped with a reason"
contains "$tmp/out" '"note": "empty"' "empty entry skipped with a reason"
contains "$tmp/out" '"note": "not recognised"' "unknown entry listed"
contains "$tmp/out" '"status": "parsed"' "good entries still parsed"

# default output beside the bundle; no clobbering without --force; -o DIR
cp "$tmp/healthy.zip" "$tmp/case.zip"
expect_status 0 "default output" "$bin" -q -r "$top/rules" "$tmp/case.zip"
if [ -s "$tmp/case.report.md" ]; then ok; else bad "default output: no case.report.md"; fi
expect_status 2 "existing report kept" "$bin" -q -r "$top/rules" "$tmp/case.zip"
contains "$tmp/err" "use --force" "existing report message"
expect_status 0 "--force replaces" "$bin" -q --force -r "$top/rules" "$tmp/case.zip"
# An -o file that cannot be written is said before any bundle is read (this one is missing).
expect_status 2 "-o existing file, checked first" "$bin" -q -r "$top/rules" \
    -o "$tmp/case.report.md" "$tmp/missing.zip"
contains "$tmp/err" "use --force" "-o existing file message"
lacks "$tmp/err" "missing.zip" "-o existing file: the bundle was not opened"
expect_status 2 "-o /dev/null refused" "$bin" -q -r "$top/rules" -o /dev/null "$tmp/missing.zip"
contains "$tmp/err" "to discard the report: -o - >/dev/null" "-o /dev/null hint"
if ls "$tmp"/case.report.md.tmp.* > /dev/null 2>&1; then bad "temporary file left behind"; else ok; fi
mkdir -p "$tmp/reports"
expect_status 1 "-o DIR with two bundles, two formats" "$bin" -q -r "$top/rules" -f md -f json \
    -o "$tmp/reports" "$tmp/healthy.zip" "$tmp/vss.zip"
for f in healthy.report.md healthy.report.json vss.report.md vss.report.json; do
	if [ -s "$tmp/reports/$f" ]; then ok; else bad "-o DIR: $f missing"; fi
done
expect_status 2 "-o FILE with two bundles" "$bin" -q -r "$top/rules" -o "$tmp/one.md" \
    "$tmp/healthy.zip" "$tmp/vss.zip"

# --dump-records: JSON Lines, one object per record, kinds present
expect_status 1 "--dump-records (findings still set the status)" "$bin" -r "$top/rules" --dump-records "$tmp/vss.zip"
lines=$(wc -l < "$tmp/out")
if [ "$lines" -gt 10 ]; then ok; else bad "--dump-records: only $lines lines"; fi
contains "$tmp/out" '{"kind":"mars.log"' "--dump-records mars.log"
contains "$tmp/out" '{"kind":"event"' "--dump-records event"
contains "$tmp/out" '{"kind":"vss.writer"' "--dump-records vss.writer"
if grep -v '^{.*}$' "$tmp/out" > /dev/null; then bad "--dump-records: a line is not an object"; else ok; fi

# a folder is a bundle too, and gives the same findings as its zip
expect_status 1 "folder bundle" "$bin" -q -r "$top/rules" -o - -f json "$top/testdata/bundles/vss-writer-timeout"
contains "$tmp/out" '"rule": "vss-writer-timeout"' "folder bundle finding"

# man page examples parse as commands the program accepts
for ex in "-f json -o - --fail-on critical" "-f md -f json -o $tmp/reports" "--dump-records" \
    "-j 2 -f md -f json -f junit -o $tmp/reports/" "-j 0 -f jsonl"; do
	# shellcheck disable=SC2086
	"$bin" -q --force -r "$top/rules" $ex "$tmp/healthy.zip" > /dev/null 2>&1
	st=$?
	if [ $st -le 1 ]; then ok; else bad "man example '$ex' exits $st"; fi
done

# batch options: bad values are usage errors
expect_status 2 "-j too large" "$bin" -j 999 "$tmp/healthy.zip"
contains "$tmp/err" "-j must be at most" "-j message"
expect_status 2 "bad --shard" "$bin" --shard 3/2 "$tmp/healthy.zip"
contains "$tmp/err" "--shard takes K/N" "--shard message"
expect_status 2 "--merge-index without folders" "$bin" --merge-index
expect_status 2 "-o FILE with two bundles and md" "$bin" -q -r "$top/rules" -o "$tmp/x.md" \
    "$tmp/healthy.zip" "$tmp/vss.zip"
expect_status 1 "-o FILE with two bundles and junit" "$bin" -q -r "$top/rules" -f junit \
    -o "$tmp/x.xml" "$tmp/healthy.zip" "$tmp/vss.zip"
contains "$tmp/x.xml" "<testsuites" "-f junit -o FILE"
if [ -s "$tmp/out" ]; then bad "-f junit -o FILE wrote to stdout"; else ok; fi
# bundle paths on stdin
printf '%s\n' "$tmp/healthy.zip" "$tmp/vss.zip" > "$tmp/list"
"$bin" -q -r "$top/rules" -f jsonl - < "$tmp/list" > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st = 1 ] && [ "$(wc -l < "$tmp/out")" -eq 2 ]; then ok; else bad "- reads paths from stdin (exit $st)"; fi

echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
