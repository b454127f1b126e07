#!/bin/sh
# bench_large.sh: triage speed and memory on large generated bundles. For each size in
# BENCH_SIZES (MB of uncompressed content, default "50 500 2000") it generates a bundle into
# tests/tmp/bench/ (once; generation is not timed), then times, BENCH_RUNS times (default 5 for
# sizes up to 100 MB, 3 above), `bsdtar -xOf` (the decompression floor), marstriage on one
# thread and with -j 2 (inflating on a second thread), and the naive `unzip -p | grep -c -E -f PATTERNS` with the rule pack's patterns, and prints medians:
# wall time, ratio to bsdtar, MB/s of uncompressed input, peak RSS, and the CPU seconds of all
# the command's processes (which tell more than the wall time on a busy machine). Needs
# tests/gen/genbundle and tests/gen/timerun (make bench builds them), bsdtar and unzip.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${BENCH_BIN:-$top/marstriage}	# BENCH_BIN: another build to compare
gen=$top/tests/gen/genbundle
timerun=$top/tests/gen/timerun
dir=$top/tests/tmp/bench
sizes=${BENCH_SIZES:-50 500 2000}
seed=${BENCH_SEED:-1}
export LC_ALL=C

for t in "$bin" "$gen" "$timerun"; do
	[ -x "$t" ] || { echo "bench_large: $t missing (run make bench)" >&2; exit 2; }
done
for t in bsdtar unzip grep; do
	command -v $t > /dev/null 2>&1 || { echo "bench_large: $t not found" >&2; exit 2; }
done
mkdir -p "$dir"

# The rule pack's match strings as extended regular expressions: |contains, |startswith and
# |endswith values quoted, |re values with the PCRE-only (?: and \d spelt the ERE way.
patterns=$dir/patterns.txt
awk '
function unq(v) {
	sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
	if (v ~ /^".*"$/ || v ~ /^\047.*\047$/) v = substr(v, 2, length(v) - 2)
	return v
}
function out(v) {
	v = unq(v)
	if (v == "") return
	if (kind == "re") {
		gsub(/\(\?:/, "(", v); gsub(/\\d/, "[0-9]", v)
	} else
		gsub(/[][.*+?(){}|^$\\]/, "\\\\&", v)
	print v
}
/^[ \t]*-?[ \t]*[A-Za-z0-9_.:-]+\|(contains|startswith|endswith|re)(\|all)?:/ {
	kind = ($0 ~ /\|re(\|all)?:/) ? "re" : "lit"
	v = $0; sub(/^[^:]*\|[a-z|]+:/, "", v); v = unq(v)
	if (v == "") { inlist = 1; ind = match($0, /[^ \t-]/); next }
	if (v ~ /^\[.*\]$/) {
		v = substr(v, 2, length(v) - 2); n = split(v, parts, ",")
		for (i = 1; i <= n; i++) out(parts[i])
	} else
		out(v)
	inlist = 0; next
}
inlist && /^[ \t]*- / { v = $0; sub(/^[ \t]*- /, "", v); out(v); next }
{ inlist = 0 }
' "$top"/rules/*.yaml | sort -u > "$patterns"
[ -s "$patterns" ] || { echo "bench_large: no patterns found in rules/" >&2; exit 2; }

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure NAME COMMAND: runs it once; appends "wall rss_kib" to $dir/NAME.runs.
measure() {
	r=$("$timerun" "$2" 2> "$dir/$1.err") || st=$?
	st=${st:-0}
	# marstriage exits 1 when it finds problems, and grep -c 1 when nothing matched.
	if [ "$st" -gt 1 ]; then
		echo "bench_large: '$2' failed with status $st:" >&2
		cat "$dir/$1.err" >&2
		exit 1
	fi
	echo "$r" >> "$dir/$1.runs"
	unset st
}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2> /dev/null || true)
[ -n "$cpu" ] || cpu=$(sysctl -n machdep.cpu.brand_string 2> /dev/null || echo unknown)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2> /dev/null || true)
[ -n "$mem" ] || mem=$(sysctl -n hw.memsize 2> /dev/null | awk '{ printf "%.1f GiB", $1 / 1073741824 }')
ncpu=$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo "?")
echo "machine: $ncpu CPUs, $cpu, $mem"
echo "patterns: $(wc -l < "$patterns") from rules/*.yaml"
printf '%-7s %-22s %9s %8s %8s %9s %8s\n' size tool wall_s x_bsdtar MB/s rss_MiB cpu_s

for size in $sizes; do
	bundle=$dir/bundle-$size.zip
	stamp="$size $seed $(cat "$top/tests/gen/genbundle.c" "$top"/testdata/bundles/two-problems/* |
	    cksum)"
	if [ ! -f "$bundle" ] || [ "$(cat "$bundle.stamp" 2> /dev/null)" != "$stamp" ]; then
		rm -f "$bundle" "$bundle.stamp"
		"$gen" -s "$size" -r "$seed" -c "$top/testdata/bundles/two-problems" "$bundle" 2> /dev/null
		echo "$stamp" > "$bundle.stamp"
	fi
	bytes=$(unzip -l "$bundle" | tail -n 1 | awk '{ print $1 }')
	runs=${BENCH_RUNS:-$([ "$size" -le 100 ] && echo 5 || echo 3)}
	rm -f "$dir"/*.runs
	i=0
	while [ $i -lt "$runs" ]; do
		measure bsdtar "bsdtar -xOf '$bundle' > /dev/null"
		measure marstriage "'$bin' -q -r '${BENCH_RULES:-$top/rules}' --timeout 0 -f json -o - '$bundle' > /dev/null"
		measure marstriage-j2 "'$bin' -q -j 2 -r '${BENCH_RULES:-$top/rules}' --timeout 0 -f json -o - '$bundle' > /dev/null"
		measure naive "unzip -p '$bundle' | grep -c -E -f '$patterns' > /dev/null"
		i=$((i + 1))
	done
	base=$(awk '{ print $1 }' "$dir/bsdtar.runs" | median)
	for tool in bsdtar marstriage marstriage-j2 naive; do
		wall=$(awk '{ print $1 }' "$dir/$tool.runs" | median)
		rss=$(awk '{ print $2 }' "$dir/$tool.runs" | median)
		cpu=$(awk '{ print $3 }' "$dir/$tool.runs" | median)
		case $tool in
		naive) label="unzip -p | grep -E" ;;
		bsdtar) label="bsdtar -xOf" ;;
		marstriage-j2) label="marstriage -j 2" ;;
		*) label=$tool ;;
		esac
		awk -v s="$size" -v l="$label" -v w="$wall" -v b="$base" -v n="$bytes" -v r="$rss" \
		    -v c="$cpu" 'BEGIN { printf "%-7s %-22s %9.3f %8.2f %8.0f %9.1f %8.3f\n",
		    s "MB", l, w, w / b, n / 1e6 / w, r / 1024, c }'
	done
	awk -v m="$(awk '{ print $1 }' "$dir/marstriage.runs" | median)" \
	    -v m2="$(awk '{ print $1 }' "$dir/marstriage-j2.runs" | median)" \
	    -v g="$(awk '{ print $1 }' "$dir/naive.runs" | median)" -v s="$size" \
	    'BEGIN { printf "%-7s marstriage is %.2fx faster than the naive pipeline " \
	    "(%.2fx with -j 2)\n", s "MB", g / m, g / m2 }'
done

# Raw .evtx, when the shared sample and evtxexport (libevtx-utils) are there: marstriage on a
# folder of copies against evtxexport on each copy, both through libevtx.
evtx=${BENCH_EVTX:-$top/../shared/data/evtx/System-win10-2018.evtx}
# (A build without libevtx reads no records from it, and is not measured.)
if [ -f "$evtx" ] && command -v evtxexport > /dev/null 2>&1 &&
    "$bin" -q -r "${BENCH_RULES:-$top/rules}" --dump-records "$evtx" | grep -q .; then
	copies=${BENCH_EVTX_COPIES:-20}
	rm -rf "$dir/evtx"
	mkdir -p "$dir/evtx"
	i=0
	while [ $i -lt "$copies" ]; do
		cp "$evtx" "$dir/evtx/System-$i.evtx"
		i=$((i + 1))
	done
	bytes=$(cat "$dir"/evtx/*.evtx | wc -c)
	rm -f "$dir"/*.runs
	i=0
	while [ $i -lt 3 ]; do
		measure evtx-marstriage "'$bin' -q -r '${BENCH_RULES:-$top/rules}' --timeout 0 -f json -o - '$dir/evtx' > /dev/null"
		measure evtxexport "for f in '$dir'/evtx/*.evtx; do evtxexport -f xml \"\$f\"; done > /dev/null"
		i=$((i + 1))
	done
	base=$(awk '{ print $1 }' "$dir/evtxexport.runs" | median)
	for tool in evtxexport evtx-marstriage; do
		wall=$(awk '{ print $1 }' "$dir/$tool.runs" | median)
		rss=$(awk '{ print $2 }' "$dir/$tool.runs" | median)
		cpu=$(awk '{ print $3 }' "$dir/$tool.runs" | median)
		awk -v l="$tool" -v w="$wall" -v b="$base" -v n="$bytes" -v r="$rss" -v c="$cpu" \
		    -v k="$copies" 'BEGIN { printf "%-7s %-22s %9.3f %8.2f %8.1f %9.1f %8.3f\n",
		    "evtx", l, w, w / b, n / 1e6 / w, r / 1024, c }'
	done
	echo "evtx    ($copies copies of $(basename "$evtx"); x_bsdtar column: ratio to evtxexport)"
fi
