#!/bin/sh
# hostile.sh [CASE-FILE...]: the hostile corpus. tests/hostile/gen writes broken, odd and
# malicious bundles (bombs are generated here, never stored); each case of tests/hostile/cases
# runs with a time bound (timeout) and a memory bound (peak RSS from /usr/bin/time), and must
# end with its documented exit status and inventory records, the inventory invariants holding.
# Then the output safety checks: reports are never written through a link or over a special
# file, never clobbered without --force, and no temporary file is left behind.
# Environment: MARSTRIAGE (the binary), HOSTILE_SECONDS (time bound per case, default 30),
# HOSTILE_MAX_KB (memory bound, default 96 MiB; 1 GiB for sanitizer builds), HOSTILE_VERBOSE
# (print each case's exit status, time and memory).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${MARSTRIAGE:-$top/marstriage}
gen=$top/tests/hostile/gen
tmp=$top/tests/tmp/hostile
corpus=$tmp/corpus
secs=${HOSTILE_SECONDS:-30}
export LC_ALL=C TZ=UTC
# With -j 2 and one bundle, every entry is inflated on a reader thread, however small.
export MARSTRIAGE_READAHEAD_MIN=0
# A smaller quarantine keeps AddressSanitizer builds' memory near the real figure.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { echo "hostile: FAIL: $*" >&2; fail=$((fail + 1)); }

if [ ! -x "$bin" ] || [ ! -x "$gen" ]; then
	echo "hostile: build first (make marstriage tests/hostile/gen)" >&2
	exit 2
fi
if grep -q __asan_init "$bin" 2>/dev/null; then
	maxkb=${HOSTILE_MAX_KB:-1048576}
else
	maxkb=${HOSTILE_MAX_KB:-98304}
fi
timer=
if /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	timer=/usr/bin/time
else
	echo "hostile: /usr/bin/time -f is not available: memory is not measured" >&2
fi

rm -rf "$tmp"
mkdir -p "$corpus"
"$gen" "$corpus" || { echo "hostile: the generator failed" >&2; exit 1; }

# run_case: runs the case collected in $file, $want, $opts and $tmp/expect.
run_case() {
	[ -n "$file" ] || return 0
	label="$file${opts:+ $opts}"
	out=$tmp/run
	kb=
	rm -rf "$out"
	mkdir -p "$out"
	start=$(date +%s)
	# shellcheck disable=SC2086
	if [ -n "$timer" ]; then
		(cd "$corpus" && timeout "$secs" "$timer" -f %M -o "$out/rss" "$bin" \
		    -r "$top/rules" -f json -o "$out/report.json" $opts "$file") \
		    > "$out/stdout" 2> "$out/stderr"
	else
		(cd "$corpus" && timeout "$secs" "$bin" \
		    -r "$top/rules" -f json -o "$out/report.json" $opts "$file") \
		    > "$out/stdout" 2> "$out/stderr"
	fi
	got=$?
	end=$(date +%s)
	if [ "$got" = 124 ] || [ "$got" = 137 ]; then
		bad "$label: still running after $secs s"
		return
	fi
	[ "$got" = "$want" ] && ok || {
		bad "$label: exit $got, wanted $want"
		sed 's/^/  /' "$out/stderr" | head -n 5 >&2
	}
	if [ -n "$timer" ] && [ -s "$out/rss" ]; then
		kb=$(tail -n 1 "$out/rss")
		[ "$kb" -le "$maxkb" ] && ok || bad "$label: peak memory $kb KiB, over $maxkb"
	fi
	[ -n "${HOSTILE_VERBOSE:-}" ] && echo "hostile: $label: exit $got, $((end - start)) s," \
	    "${kb:-?} KiB" >&2
	if [ ! -s "$out/report.json" ]; then
		bad "$label: no report written"
		return
	fi
	awk -v expect="$tmp/expect" -f "$top/tests/hostile/check.awk" "$out/report.json" \
	    > "$out/check" && ok || {
		sed "s|^|hostile: FAIL: $label: |" "$out/check" >&2
		fail=$((fail + 1))
	}
	while IFS= read -r want_line; do
		case $want_line in
		same-report)
			cmp -s "$tmp/previous.json" "$out/report.json" && ok ||
			    bad "$label: the report differs from the one of the case before" ;;
		"report-has "*)
			grep -qF -- "${want_line#report-has }" "$out/report.json" && ok ||
			    bad "$label: '${want_line#report-has }' not in the report" ;;
		"report-lacks "*)
			grep -qF -- "${want_line#report-lacks }" "$out/report.json" &&
			    bad "$label: '${want_line#report-lacks }' in the report" || ok ;;
		"stderr-has "*)
			grep -qF -- "${want_line#stderr-has }" "$out/stderr" && ok ||
			    bad "$label: '${want_line#stderr-has }' not in the messages" ;;
		esac
	done < "$tmp/expect"
	if ls "$out" | grep -q '\.tmp\.'; then bad "$label: temporary file left behind"; else ok; fi
	cp "$out/report.json" "$tmp/previous.json"
}

[ $# = 0 ] && set -- "$top/tests/hostile/cases"
case_files=$*
file=
for cases in $case_files; do
	while IFS= read -r line; do
		case $line in
		"case "*)
			run_case
			# shellcheck disable=SC2086
			set -- ${line#case }
			file=$1 want=$2
			shift 2
			opts=$*
			: > "$tmp/expect" ;;
		"#"*|"") ;;
		*) printf '%s\n' "$line" >> "$tmp/expect" ;;
		esac
	done < "$cases"
done
run_case

# Output safety: a report replaces only an ordinary file, and only with --force.
o=$tmp/output
mkdir -p "$o/dir"
printf 'keep\n' > "$o/target.md"
ln -s "$o/target.md" "$o/link.md"
ln -s "$o/nowhere.md" "$o/dangling.md"
mkfifo "$o/fifo.md"
b=$corpus/duplicates.zip
for t in link.md dangling.md fifo.md; do
	timeout "$secs" "$bin" -q -r "$top/rules" --force -o "$o/$t" "$b" > /dev/null 2> "$o/err"
	got=$?
	[ "$got" = 2 ] && ok || bad "-o $t --force: exit $got, wanted 2"
	grep -q "not a regular file" "$o/err" && ok || bad "-o $t: no message"
done
[ -L "$o/link.md" ] && [ "$(cat "$o/target.md")" = keep ] && ok ||
    bad "-o through a symbolic link changed the link or its target"
[ -L "$o/dangling.md" ] && [ ! -e "$o/nowhere.md" ] && ok ||
    bad "-o at a dangling link created its target"
[ -p "$o/fifo.md" ] && ok || bad "-o at a FIFO replaced it"
timeout "$secs" "$bin" -q -r "$top/rules" -o "$o/target.md" "$b" > /dev/null 2>&1
[ $? = 2 ] && [ "$(cat "$o/target.md")" = keep ] && ok || bad "an existing report was clobbered"
timeout "$secs" "$bin" -q -r "$top/rules" -f json -o "$o/dir" "$b" > /dev/null 2>&1
[ -s "$o/dir/duplicates.report.json" ] && ok || bad "-o DIR: no report inside it"
if ls "$o" "$o/dir" | grep -q '\.tmp\.'; then bad "temporary file left behind"; else ok; fi

echo "hostile: $pass passed, $fail failed"
[ "$fail" = 0 ]
