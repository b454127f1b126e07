#!/bin/sh
# bench_batch.sh: batch throughput and per-bundle overhead. Packs the sample bundles of
# testdata/bundles into BENCH_BUNDLES (default 200) small zips under tests/tmp/bench_batch/ (not
# timed), then prints medians of BENCH_RUNS runs (default 3): a batch of all of them with -j 1
# and -j 2 (wall time, bundles per second, speed-up; goal: -j 2 at least 1.8 times faster on two
# cores), the same batch as two single-threaded shards run at once (what two cores give right
# now: on a shared machine the second core may be busy), and one process per bundle (goal: under
# 10 ms each, rule loading included). Uses tests/gen/timerun (make bench builds it) for wall
# times. BENCH_BIN and BENCH_RULES choose another build and rule pack.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${BENCH_BIN:-$top/marstriage}
rules=${BENCH_RULES:-$top/rules}
timerun=$top/tests/gen/timerun
dir=$top/tests/tmp/bench_batch
count=${BENCH_BUNDLES:-200}
runs=${BENCH_RUNS:-3}
export LC_ALL=C TZ=UTC

for t in "$bin" "$timerun"; do
	[ -x "$t" ] || { echo "bench_batch: $t missing (run make bench)" >&2; exit 2; }
done
rm -rf "$dir"
mkdir -p "$dir/in"

# The samples, packed once each, then copied round-robin up to the count.
set -- "$top"/testdata/bundles/*/
nsamples=$#
for d in "$@"; do
	"$top/tests/pack.sh" "$d" "$dir/$(basename "$d").zip"
done
i=0
while [ $i -lt "$count" ]; do
	k=$((i % nsamples + 1))
	eval "d=\${$k}"
	cp "$dir/$(basename "$d").zip" "$dir/in/$(printf 'case-%04d' $i).zip"
	i=$((i + 1))
done
size=$(du -sk "$dir/in" | cut -f1)

# median CMD: wall time of CMD, median of $runs runs.
median() {
	r=0
	: > "$dir/times"
	while [ $r -lt "$runs" ]; do
		rm -rf "$dir/out"
		mkdir "$dir/out"
		"$timerun" "$1" | cut -d' ' -f1 >> "$dir/times"
		r=$((r + 1))
	done
	sort -n "$dir/times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

batch() {	# batch JOBS
	median "'$bin' -q -r '$rules' -j $1 -f json -o '$dir/out/' '$dir/in' > /dev/null 2>&1"
}

# checked JOBS: the last run wrote a report for every bundle (a failing run is no timing).
checked() {
	n=$(ls "$dir/out" | grep -c '\.report\.json$' || true)
	[ "$n" -eq "$count" ] || { echo "bench_batch: -j $1 wrote $n of $count reports" >&2; exit 1; }
}

t1=$(batch 1)
checked 1
t2=$(batch 2)
checked 2
# The machine's own parallelism: two processes of one thread, half the batch each.
shard() {
	echo "'$bin' -q -r '$rules' -j 1 -f json --shard $1/2 -o '$dir/out/' '$dir/in' > /dev/null 2>&1"
}
tp=$(median "$(shard 1) & $(shard 2); wait")
checked "1 (two shards)"
# One process per bundle, rule loading included: 50 runs in a row, divided.
"$bin" -q -r "$rules" -f json -o - "$dir/in/case-0001.zip" | grep -q '"schema_version": 1' ||
    { echo "bench_batch: a single run gives no report" >&2; exit 1; }
loop="i=0; while [ \$i -lt 50 ]; do '$bin' -q -r '$rules' -f json -o - \
    '$dir/in/case-0001.zip' > /dev/null; i=\$((i + 1)); done; true"
tloop=$(median "$loop")
cpus=$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo "?")

awk -v n="$count" -v kb="$size" -v t1="$t1" -v t2="$t2" -v tp="$tp" -v tl="$tloop" -v cpus="$cpus" \
    -v runs="$runs" 'BEGIN {
	printf "batch of %d small bundles (%d KiB of zips), %s processors, median of %d runs\n",
	    n, kb, cpus, runs
	printf "  -j 1: %7.3f s  %7.1f bundles/s  %6.2f ms per bundle\n", t1, n / t1, t1 * 1000 / n
	printf "  -j 2: %7.3f s  %7.1f bundles/s  %6.2f ms per bundle\n", t2, n / t2, t2 * 1000 / n
	printf "  speed-up of -j 2: %.2fx (goal: at least 1.8x on two cores)\n", t1 / t2
	printf "  two processes of -j 1 at once: %.3f s, %.2fx: what two cores give now\n", tp,
	    t1 / tp
	printf "one process per bundle, rule loading included: %.2f ms (goal: under 10 ms)\n",
	    tl * 1000 / 50
}'
