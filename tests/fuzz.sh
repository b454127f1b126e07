#!/bin/sh
# fuzz.sh [-r] [-j N] [TARGET...]: builds the libFuzzer targets of tests/fuzz/ with clang
# (-fsanitize=fuzzer,address,undefined) into tests/fuzz/build/, replays the checked-in corpus
# of each (tests/fuzz/corpus/TARGET/: every input once; a crash fails), then fuzzes each
# target for FUZZ_SECONDS (default 60). New inputs go to tests/fuzz/build/corpus/TARGET/,
# crashes to tests/fuzz/build/crashes/TARGET/, and a line per target (executions, CPU seconds,
# crashes) to tests/fuzz/build/summary.txt.
#   -r    replay only
#   -j N  fuzz N targets at a time (default 1; the machine's cores are shared)
# Environment: FUZZ_SECONDS, FUZZ_CC (default clang).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$top/tests/fuzz
build=$dir/build
cc=${FUZZ_CC:-clang}
secs=${FUZZ_SECONDS:-60}
replay_only=0
jobs=1
all_targets="bundle textin evtxml parsers time rules escape"

while [ $# -gt 0 ]; do
	case $1 in
	-r) replay_only=1 ;;
	-j) jobs=$2; shift ;;
	-*) echo "usage: fuzz.sh [-r] [-j N] [TARGET...]" >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
targets=${*:-$all_targets}

if ! command -v "$cc" > /dev/null 2>&1; then
	echo "fuzz: $cc not found; skipped"
	exit 0
fi

# ---- build ----
memmem=1
libcflags=$(pkg-config --cflags libxml-2.0 2>/dev/null)
libs="-larchive -lxml2 -lz -lyaml -lpcre2-8 -lcmark -lm"
if [ -f "$top/config.mk" ]; then
	memmem=$(sed -n 's/^HAVE_MEMMEM = //p' "$top/config.mk")
	libcflags=$(sed -n 's/^LIB_CFLAGS = //p' "$top/config.mk")
	libs="$(sed -n 's/^LIB_LIBS = //p' "$top/config.mk") -lm"
fi
cflags="-std=c11 -D_POSIX_C_SOURCE=200809L -pthread -g -O1 -fno-omit-frame-pointer \
-fsanitize=address,undefined -fno-sanitize-recover=undefined -Wall -Wextra \
-DMT_VERSION=\"fuzz\" -DMT_DATADIR=\"/nonexistent\" -DHAVE_MEMMEM=${memmem:-1} \
-I$top/src -I$dir $libcflags"
mkdir -p "$build/obj"
objs=
# compile SOURCE: one object, rebuilt when the source or any header is newer.
compile() {
	o=$build/obj/$(basename "$1" .c).o
	if [ ! -f "$o" ] || [ "$1" -nt "$o" ] ||
	    [ -n "$(find "$top/src" "$dir" -name '*.h' -newer "$o" 2>/dev/null | head -n 1)" ]
	then
		# shellcheck disable=SC2086
		$cc $cflags -fsanitize=fuzzer-no-link -c "$1" -o "$o" || exit 1
	fi
	objs="$objs $o"
}
for f in "$top"/src/*.c "$dir/oracle.c" "$dir/memsrc.c"; do
	[ "$(basename "$f")" = main.c ] && continue
	compile "$f"
done
lib_objs=$objs
for t in $targets; do
	if [ ! -f "$dir/fuzz_$t.c" ]; then
		echo "fuzz: no target $t (have: $all_targets)" >&2
		exit 2
	fi
	objs=
	compile "$dir/fuzz_$t.c"
	# shellcheck disable=SC2086
	$cc $cflags -fsanitize=fuzzer -o "$build/fuzz_$t" $objs $lib_objs $libs || exit 1
done

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
failed=0

# ---- replay the checked-in corpora ----
for t in $targets; do
	seeds=$(find "$dir/corpus/$t" -type f 2>/dev/null | sort)
	[ -n "$seeds" ] || continue
	# shellcheck disable=SC2086
	if "$build/fuzz_$t" -timeout=60 $seeds > "$build/replay_$t.log" 2>&1; then
		echo "fuzz: $t: $(echo "$seeds" | wc -l | tr -d ' ') corpus inputs replayed"
	else
		echo "fuzz: FAIL: $t: replaying the corpus crashed:" >&2
		tail -n 30 "$build/replay_$t.log" >&2
		failed=1
	fi
done
[ $replay_only = 1 ] && exit $failed

# ---- fuzz ----
# run TARGET: fuzzes one target for $secs seconds and appends its summary line.
run() {
	t=$1
	mkdir -p "$build/corpus/$t" "$build/crashes/$t"
	dict=
	[ -f "$dir/$t.dict" ] && dict=-dict=$dir/$t.dict
	maxlen=
	[ "$t" = bundle ] && maxlen=-max_len=65536
	timer=
	[ -x /usr/bin/time ] && timer="/usr/bin/time -p -o $build/time_$t"
	rm -f "$build/time_$t"
	# shellcheck disable=SC2086
	$timer "$build/fuzz_$t" -max_total_time="$secs" \
	    -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 $dict $maxlen \
	    -artifact_prefix="$build/crashes/$t/" "$build/corpus/$t" "$dir/corpus/$t" \
	    > "$build/fuzz_$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz_$t.log")
	cpu=$(awk '/^user/ { u = $2 } /^sys/ { s = $2 } END { printf "%.0f", u + s }' \
	    "$build/time_$t" 2>/dev/null)
	crashes=$(find "$build/crashes/$t" -type f | wc -l | tr -d ' ')
	echo "$t: ${execs:-?} executions, ${cpu:-?} s CPU, $crashes crash files, exit $rc" |
	    tee -a "$build/summary.txt"
	return $rc
}
: > "$build/summary.txt"
set -- $targets
while [ $# -gt 0 ]; do
	pids=
	i=0
	while [ $i -lt "$jobs" ] && [ $# -gt 0 ]; do
		run "$1" &
		pids="$pids $!"
		shift
		i=$((i + 1))
	done
	for p in $pids; do
		wait "$p" || failed=1
	done
done
[ $failed = 0 ] || echo "fuzz: FAIL: see $build/crashes/ and $build/fuzz_*.log" >&2
exit $failed
