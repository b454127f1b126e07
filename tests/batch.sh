#!/bin/sh
# batch.sh: batch triage end to end. A batch of generated bundles (healthy, failing, two with one
# base name, unreadable, too large, slow) must give the right index, exit status and JUnit file;
# the same batch with -j 1, with -j 2, and sharded through GNU parallel (and xargs) then merged
# with --merge-index must give identical index files; -f jsonl streams one object per bundle.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${BATCH_BIN:-$top/marstriage}	# BATCH_BIN: another build, e.g. with sanitizers
tmp=$top/tests/tmp/batch
[ -x "$bin" ] || { echo "batch: build marstriage first (make)" >&2; exit 1; }
rm -rf "$tmp"
mkdir -p "$tmp/in" "$tmp/other"
export LC_ALL=C TZ=UTC
unset NO_COLOR
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { echo "batch: FAIL: $*" >&2; fail=$((fail + 1)); }
contains() {	# contains FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in $(basename "$1")"; fi
}
same() {	# same FILE1 FILE2 DESCRIPTION
	if cmp -s "$1" "$2"; then ok; else bad "$3: $1 and $2 differ"; diff "$1" "$2" | head -n 10 >&2; fi
}
status_is() {	# status_is WANT GOT DESCRIPTION
	if [ "$2" = "$1" ]; then ok; else bad "$3: exit $2, wanted $1"; fi
}

# ---- the batch ----
# A folder of bundles (only archives in it): healthy, two failing, one broken, one too large.
for c in healthy vss-writer-timeout two-problems efi-locked; do
	"$top/tests/pack.sh" "$top/testdata/bundles/$c" "$tmp/in/$c.zip"
done
printf 'PK\003\004 this is no zip' > "$tmp/in/broken.zip"
# A name in Latin-1, not UTF-8: shown with U+FFFD, the same in a run and in a merge.
latin=$(printf 'caf\351')
cp "$tmp/in/healthy.zip" "$tmp/in/$latin.zip"
mkdir "$tmp/many"
i=0
while [ $i -lt 30 ]; do echo "note $i" > "$tmp/many/note$i.txt"; i=$((i + 1)); done
(cd "$tmp/many" && bsdtar --format zip -cf "$tmp/in/many-files.zip" .)
# The same base name as in/healthy.zip, another bundle: reports need distinct names.
"$top/tests/pack.sh" "$top/testdata/bundles/wsb-not-installed" "$tmp/other/healthy.zip"
# A slow bundle: one agent log of 1.9 GB, compressed 200:1 as 1600 gzip members (a few MB on
# disk, generated in a moment), read for about a second before --timeout 1 stops it.
awk 'BEGIN {
	for (i = 0; i < 10000; i++)
		printf "1A2C\t0F44\t03/15\t11:00:%02d.000\t71\tcbengine.cpp(412)\t\tNORMAL\t" \
		    "CCBEngine::ProcessItem :: item %d of the backup set processed\n", i % 7, i % 7
}' | gzip -9 -n > "$tmp/one.gz"
i=0
while [ $i -lt 1600 ]; do cat "$tmp/one.gz"; i=$((i + 1)); done > "$tmp/CBEngineCurr.errlog.gz"
# The rest comes as a list on stdin, with a path that does not exist.
printf '%s\n' "$tmp/other/healthy.zip" "" "$tmp/missing.zip" "$tmp/CBEngineCurr.errlog.gz" \
    > "$tmp/list"
nbundles=10

# Every run gets the same limits: --max-entries 20 makes many-files.zip too large.
run() {	# run OUTDIR ARGS...: a batch over the folder and the list
	out=$1
	shift
	"$bin" -q -r "$top/rules" --timeout 1 --max-entries 20 --max-entry 8G -f md -f json \
	    -f junit -o "$out/" "$@" "$tmp/in" - < "$tmp/list" > "$out.stdout" 2> "$out.stderr"
}

run "$tmp/j1" -j 1
st1=$?
run "$tmp/j2" -j 2
st2=$?
status_is 3 $st1 "-j 1: worst per-bundle status (unreadable, timeout, too large)"
status_is 3 $st2 "-j 2: worst per-bundle status"
for f in index.md index.html index.json junit.xml; do
	if [ -s "$tmp/j1/$f" ]; then ok; else bad "$f not written"; fi
	same "$tmp/j1/$f" "$tmp/j2/$f" "-j 1 and -j 2 give the same $f"
done
# Every report but the slow bundle's (it shows how far reading got in one second) is the same.
for f in "$tmp"/j1/*.report.*; do
	case $f in *CBEngineCurr*) continue ;; esac
	same "$f" "$tmp/j2/$(basename "$f")" "-j 1 and -j 2 give the same $(basename "$f")"
done
n=$(ls "$tmp"/j1/*.report.json | wc -l | tr -d ' ')
if [ "$n" -eq $nbundles ]; then ok; else bad "$n JSON reports, wanted $nbundles"; fi
if grep -q "$(printf '\r')" "$tmp/j2.stderr"; then bad "progress drawn on a non-terminal"; else ok; fi
if [ -s "$tmp/j2.stdout" ]; then bad "a batch into a folder wrote to stdout"; else ok; fi

# ---- the index ----
idx=$tmp/j1/index.json
grep -o '"status": "[a-z_]*"' "$idx" | sed 's/.*: "//; s/"//' | tr '\n' ' ' > "$tmp/order"
want="unreadable unreadable problems problems problems problems timeout too_large healthy healthy "
if [ "$(cat "$tmp/order")" = "$want" ]; then ok; else bad "index order: $(cat "$tmp/order")"; fi
# Ties by name; the order among the failing bundles follows their findings (the rule pack's).
grep -o '"bundle": "[^"]*"' "$idx" | sed 's/.*\///; s/"$//' |
    sed -n '1,2p;7,10p' | tr '\n' ' ' > "$tmp/names"
want="broken.zip missing.zip CBEngineCurr.errlog.gz many-files.zip $(printf 'caf\357\277\275').zip healthy.zip "
if [ "$(cat "$tmp/names")" = "$want" ]; then ok; else bad "index names: $(cat "$tmp/names")"; fi
# Among the failing bundles: more findings at the worst severity first.
grep -o '"error": [0-9]*' "$idx" | sed -n '3,6p' | cut -d' ' -f2 > "$tmp/errors"
if sort -rn "$tmp/errors" | cmp -s - "$tmp/errors"; then ok
else bad "failing bundles not worst first"; fi
summary='"summary": {"bundles": 10, "problems": 4, "healthy": 2, "unreadable": 2, "timeout": 1'
contains "$idx" "$summary"', "too_large": 1}' "index summary"
contains "$idx" '"exit_status": 3' "index exit status"
contains "$idx" '{"rule": "efi-partition-locked", "title": "The EFI system partition is locked' \
    "most common root cause"
contains "$idx" 'by other software", "bundles": 2}' "most common root cause: two bundles"
head -n 12 "$idx" | grep -A1 '"root_causes": \[' | grep -q '"rule": "efi-partition-locked"' &&
    ok || bad "the most common root cause comes first"
contains "$tmp/j1/index.md" "## Most common root causes" "index.md causes table"
contains "$tmp/j1/index.md" "| 1 | $tmp/in/broken.zip | unreadable |" "index.md row"
contains "$tmp/j1/index.md" "| $tmp/in/two-problems.zip | problems | error |" "index.md row"
contains "$tmp/j1/index.md" "[md](two-problems.report.md), [json](two-problems.report.json)" \
    "index.md links"
# Two bundles named healthy.zip: two reports, told apart by a short hash of the path.
n=$(ls "$tmp"/j1/healthy-??????.report.md | wc -l | tr -d ' ')
if [ "$n" -eq 2 ]; then ok; else bad "$n disambiguated healthy reports, wanted 2"; fi
contains "$tmp/j1/index.html" "Content-Security-Policy" "index.html CSP"
if xmllint --html --noout "$tmp/j1/index.html" 2> "$tmp/html.err" && [ ! -s "$tmp/html.err" ]
then ok; else bad "index.html does not parse cleanly"; cat "$tmp/html.err" >&2; fi

# ---- JUnit ----
if xmllint --noout "$tmp/j1/junit.xml"; then ok; else bad "junit.xml is not well-formed XML"; fi
n=$(grep -c '<testsuite ' "$tmp/j1/junit.xml")
if [ "$n" -eq $nbundles ]; then ok; else bad "$n test suites, wanted $nbundles"; fi
contains "$tmp/j1/junit.xml" '<error type="timeout"' "JUnit timeout"
contains "$tmp/j1/junit.xml" '<error type="unreadable"' "JUnit unreadable"
contains "$tmp/j1/junit.xml" '<error type="too_large"' "JUnit too large"
contains "$tmp/j1/junit.xml" '<failure type="error"' "JUnit failure"
contains "$tmp/j1/junit.xml" '<skipped message="not verifiable' "JUnit skipped"

# ---- sharded: GNU parallel, then --merge-index ----
if command -v parallel > /dev/null 2>&1; then
	mkdir "$tmp/sharded"
	parallel --will-cite -j 2 "'$bin' -q -r '$top/rules' --timeout 1 --max-entries 20 \
	    --max-entry 8G -f md -f json -f junit --shard {}/3 -o '$tmp/sharded/' '$tmp/in' - \
	    < '$tmp/list'" ::: 1 2 3 2> "$tmp/parallel.err"
	if [ -e "$tmp/sharded/index.md" ] || [ -e "$tmp/sharded/junit.xml" ]; then
		bad "a shard wrote an index or a JUnit file"; else ok; fi
	n=$(ls "$tmp"/sharded/*.report.json | wc -l | tr -d ' ')
	if [ "$n" -eq $nbundles ]; then ok; else bad "shards wrote $n JSON reports"; fi
	"$bin" -q --merge-index -f junit "$tmp/sharded"
	status_is 3 $? "--merge-index: the same exit status"
	for f in index.md index.html index.json junit.xml; do
		same "$tmp/j1/$f" "$tmp/sharded/$f" "sharded + --merge-index gives the same $f"
	done
	# Shards on two machines come back in two folders: one index over both.
	mkdir "$tmp/hostA" "$tmp/hostB" "$tmp/merged"
	for k in 1 2; do
		[ $k = 1 ] && d=hostA || d=hostB
		"$bin" -q -r "$top/rules" --timeout 1 --max-entries 20 --max-entry 8G -f json \
		    --shard $k/2 -o "$tmp/$d/" "$tmp/in" - < "$tmp/list" 2> /dev/null
	done
	"$bin" -q --merge-index -o "$tmp/merged" "$tmp/hostA" "$tmp/hostB"
	contains "$tmp/merged/index.json" '"bundles": 10' "merge of two folders"
	contains "$tmp/merged/index.md" '(../hostA/' "links into the shard folders"
else
	bad "GNU parallel is not installed (Debian: apt-get install parallel)"
fi

# xargs runs the shards just as well.
mkdir "$tmp/xargs"
printf '1\n2\n' | xargs -I K -P 2 sh -c "'$bin' -q -r '$top/rules' --timeout 1 \
    --max-entries 20 --max-entry 8G -f md -f json --shard K/2 -o '$tmp/xargs/' '$tmp/in' - \
    < '$tmp/list'" 2> /dev/null
"$bin" -q --merge-index "$tmp/xargs"
status_is 3 $? "xargs shards: merged exit status"
same "$tmp/j1/index.json" "$tmp/xargs/index.json" "xargs shards give the same index.json"

# A report that is not one: named, skipped, exit status 2.
mkdir "$tmp/badmerge"
cp "$tmp/j1/two-problems.report.json" "$tmp/badmerge/"
echo '{"schema_version": 1, "bundle": ' > "$tmp/badmerge/cut.report.json"
"$bin" --merge-index "$tmp/badmerge" 2> "$tmp/badmerge.err"
status_is 2 $? "--merge-index with a broken report"
contains "$tmp/badmerge.err" "cut.report.json" "broken report named"
contains "$tmp/badmerge/index.json" '"bundles": 1' "readable reports still merged"

# ---- exit status without unreadable bundles ----
mkdir "$tmp/ok"
"$bin" -q -r "$top/rules" -j 2 -o "$tmp/ok/" "$tmp/in/healthy.zip" "$tmp/in/efi-locked.zip"
status_is 1 $? "findings at or above --fail-on"
mkdir "$tmp/ok2"
"$bin" -q -r "$top/rules" -j 2 --fail-on critical -o "$tmp/ok2/" "$tmp/in/healthy.zip" \
    "$tmp/in/efi-locked.zip"
status_is 0 $? "--fail-on critical"
contains "$tmp/ok2/index.json" '"exit_status": 0' "index records the exit status"
"$bin" -q -r "$top/rules" -o "$tmp/ok2/" "$tmp/in/healthy.zip" "$tmp/in/efi-locked.zip" \
    2> "$tmp/keep.err"
status_is 2 $? "existing reports are kept without --force"
contains "$tmp/keep.err" "index.md: exists; use --force" "the index is kept too"
# A plain folder of logs is still one bundle: no index for it.
mkdir "$tmp/one"
"$bin" -q -r "$top/rules" -o "$tmp/one/" "$top/testdata/bundles/healthy"
status_is 0 $? "a folder of logs is one bundle"
if [ -e "$tmp/one/index.md" ] || [ ! -s "$tmp/one/healthy.report.md" ]; then
	bad "a folder of logs: one report, no index"; else ok; fi

# ---- JSON Lines ----
"$bin" -q -r "$top/rules" -j 2 -f jsonl "$tmp/in/healthy.zip" "$tmp/in/efi-locked.zip" \
    "$tmp/in/two-problems.zip" > "$tmp/lines"
status_is 1 $? "-f jsonl exit status"
n=$(wc -l < "$tmp/lines" | tr -d " ")
if [ "$n" -eq 3 ]; then ok; else bad "-f jsonl: $n lines, wanted 3"; fi
if grep -v '^{"schema_version":1,"tool":{"name":"marstriage".*}$' "$tmp/lines" > /dev/null; then
	bad "-f jsonl: a line is not a report object"; else ok; fi
"$bin" -q -r "$top/rules" -f json -o - "$tmp/in/efi-locked.zip" |
    tr -d ' \n' > "$tmp/pretty"
grep efi-locked "$tmp/lines" | tr -d ' \n' > "$tmp/line"
same "$tmp/pretty" "$tmp/line" "-f jsonl holds the -f json report"
# -o - with several bundles and threads: reports in operand order.
"$bin" -q -r "$top/rules" -j 2 -f md -o - "$tmp/in/two-problems.zip" "$tmp/in/healthy.zip" \
    "$tmp/in/efi-locked.zip" | grep '^# marstriage report' > "$tmp/titles"
printf '# marstriage report: %s\n' "$tmp/in/two-problems.zip" "$tmp/in/healthy.zip" \
    "$tmp/in/efi-locked.zip" > "$tmp/titles.want"
same "$tmp/titles.want" "$tmp/titles" "-o - keeps operand order"
# One JUnit file for CI with -o FILE.
"$bin" -q -r "$top/rules" -j 2 -f junit -o "$tmp/ci.xml" "$tmp/in/healthy.zip" \
    "$tmp/in/efi-locked.zip"
if xmllint --noout "$tmp/ci.xml" && [ "$(grep -c '<testsuite ' "$tmp/ci.xml")" = 2 ]; then ok
else bad "-f junit -o FILE: one document with two suites"; fi

# ---- progress on a terminal ----
if script -qec true /dev/null > /dev/null 2>&1; then
	mkdir "$tmp/tty"
	script -qec "stty cols 150; '$bin' -r '$top/rules' --timeout 2 --max-entry 8G \
	    -o '$tmp/tty/' '$tmp/in/healthy.zip' '$tmp/CBEngineCurr.errlog.gz'" /dev/null \
	    > "$tmp/tty.out" 2>&1
	tr '\r' '\n' < "$tmp/tty.out" > "$tmp/tty.lines"
	contains "$tmp/tty.lines" "[1/2] 50%" "progress: bundles done of the total"
	contains "$tmp/tty.lines" "/s  CBEngineCurr.errlog.gz" "progress: rate and current bundle"
	mkdir "$tmp/tty1"
	NO_COLOR=1 script -qec "stty cols 150; '$bin' -r '$top/rules' --timeout 2 --max-entry 8G \
	    -o '$tmp/tty1/' '$tmp/CBEngineCurr.errlog.gz'" /dev/null > "$tmp/tty1.out" 2>&1
	tr '\r' '\n' < "$tmp/tty1.out" > "$tmp/tty1.lines"
	contains "$tmp/tty1.lines" "MiB read, " "progress: bytes of a single bundle"
	if grep -q "$(printf '\033')\[3" "$tmp/tty1.lines"; then bad "colour despite NO_COLOR"; else ok; fi
	mkdir "$tmp/tty2"
	script -qec "'$bin' -q -r '$top/rules' --timeout 2 --max-entry 8G -o '$tmp/tty2/' \
	    '$tmp/CBEngineCurr.errlog.gz'" /dev/null > "$tmp/tty2.out" 2>&1
	if grep -q 'read' "$tmp/tty2.out"; then bad "progress despite -q"; else ok; fi
fi

echo "batch: $pass passed, $fail failed"
[ $fail = 0 ]
