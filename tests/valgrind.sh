#!/bin/sh
# valgrind.sh: the command line under valgrind --leak-check=full over the sample bundles (every
# report format), the hostile corpus (every case of tests/hostile/cases with its options) and
# the other modes; any memory error or leak fails. Needs a build without sanitizers; skips
# with a message when valgrind is not installed.
# Environment: MARSTRIAGE (the binary), VALGRIND_SECONDS (time budget given to marstriage for
# each run, default 10: valgrind is slow, and a walk the budget stops must free all the same).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${MARSTRIAGE:-$top/marstriage}
gen=$top/tests/hostile/gen
tmp=$top/tests/tmp/valgrind
budget=${VALGRIND_SECONDS:-10}
export LC_ALL=C TZ=UTC
pass=0
fail=0

if ! command -v valgrind > /dev/null 2>&1; then
	echo "valgrind: not installed; skipped"
	exit 0
fi
if grep -q __asan_init "$bin" 2>/dev/null; then
	echo "valgrind: $bin is built with AddressSanitizer; build without it to run valgrind" >&2
	exit 2
fi
rm -rf "$tmp"
mkdir -p "$tmp/corpus" "$tmp/out"
"$gen" "$tmp/corpus" || exit 1

# PCRE2's JIT-compiled code reads uninitialised stack by design; it has no object file, which
# is what the suppression matches on.
printf '{\n   pcre2-jit-code\n   Memcheck:Cond\n   obj:???\n}\n' > "$tmp/jit.supp"

n=0
vg() {	# vg DESCRIPTION ARGS...: one run; exit statuses 0-3 are the program's own
	what=$1
	shift
	n=$((n + 1))
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	    --error-exitcode=99 --suppressions="$tmp/jit.supp" --log-file="$tmp/out/$n.log" \
	    "$bin" "$@" > "$tmp/out/$n.out" 2> "$tmp/out/$n.err"
	rc=$?
	if [ "$rc" -le 3 ] && [ ! -s "$tmp/out/$n.log" ]; then
		pass=$((pass + 1))
	else
		echo "valgrind: FAIL: $what (exit $rc)" >&2
		head -n 30 "$tmp/out/$n.log" >&2
		fail=$((fail + 1))
	fi
}

# The sample bundles, as zips and as folders, in every format.
formats=$("$bin" --help | awk '/^Formats:/ { f = 1; next } f && /^$/ { exit } f { print $1 }')
for dir in "$top"/testdata/bundles/*/; do
	name=$(basename "$dir")
	"$top/tests/pack.sh" "$dir" "$tmp/$name.zip" || continue
	for fmt in $formats; do
		vg "$name.zip -f $fmt" -q -r "$top/rules" -f "$fmt" -o "$tmp/out/report" --force \
		    "$tmp/$name.zip"
	done
	vg "$name folder" -q -r "$top/rules" -f json -o - "$dir"
done
vg "--dump-records" -q -r "$top/rules" --dump-records "$tmp/healthy.zip"
vg "--list-rules" -r "$top/rules" --list-rules
vg "several bundles into a folder" -q -r "$top/rules" -f md -f json -o "$tmp/out" --force \
    "$tmp/healthy.zip" "$tmp/vss-writer-timeout.zip"

# The hostile corpus, every case with its own options.
while IFS= read -r line; do
	case $line in
	"case "*) ;;
	*) continue ;;
	esac
	# shellcheck disable=SC2086
	set -- ${line#case }
	file=$1
	shift 2
	vg "hostile: $file $*" -q -r "$top/rules" -f json -o - --timeout "$budget" "$@" \
	    "$tmp/corpus/$file"
done < "$top/tests/hostile/cases"

echo "valgrind: $pass passed, $fail failed"
[ "$fail" = 0 ]
