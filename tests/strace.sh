#!/bin/sh
# strace.sh: runs marstriage under strace -f over sample bundles (every format, a folder, several
# bundles at once) and the hostile corpus, and proves from the system calls that no file is
# opened for writing, created, renamed, linked or removed outside the output directory, that no
# socket is created and that no program is executed (threads only, no fork). Skips with a
# message when strace is not installed or cannot trace here.
# Environment: MARSTRIAGE (the binary).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${MARSTRIAGE:-$top/marstriage}
gen=$top/tests/hostile/gen
tmp=$top/tests/tmp/strace
export LC_ALL=C TZ=UTC
pass=0
fail=0

if ! command -v strace > /dev/null 2>&1; then
	echo "strace: not installed; skipped"
	exit 0
fi
rm -rf "$tmp"
mkdir -p "$tmp/corpus" "$tmp/out" "$tmp/logs"
if ! strace -f -qq -o /dev/null true 2> "$tmp/probe"; then
	echo "strace: cannot trace here ($(head -n 1 "$tmp/probe")); skipped"
	exit 0
fi
"$gen" "$tmp/corpus" || exit 1
out=$tmp/out

# check LOG DESCRIPTION: the system call rules over one trace.
check() {
	awk -v out="$out/" -v what="$2" '
	function bad(m) { print "strace: FAIL: " what ": " m; nbad++ }
	# Every quoted string of a call that writes must name something inside the output
	# directory.
	function paths_inside(line,    s, p) {
		s = line
		while (match(s, /"[^"]*"/)) {
			p = substr(s, RSTART + 1, RLENGTH - 2)
			s = substr(s, RSTART + RLENGTH)
			if (p != "" && substr(p, 1, length(out)) != out)
				return 0
		}
		return 1
	}
	{ sub(/^[0-9]+ +/, "") }
	/^execve\(/ { if (++execs > 1) bad("executes a program: " $0); next }
	/^(fork|vfork)\(/ { bad("forks: " $0); next }
	/^clone3?\(/ { if ($0 !~ /CLONE_THREAD/) bad("starts a process: " $0); next }
	/^(socket|socketpair|connect|bind|listen|accept|accept4|sendto|sendmsg)\(/ {
		bad("network: " $0); next
	}
	/^(open|openat|openat2|creat)\(/ && /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/ ||
	/^(creat|rename|renameat|renameat2|link|linkat|symlink|symlinkat|unlink|unlinkat|rmdir|mkdir|mkdirat|mknod|mknodat|chmod|fchmodat|chown|lchown|fchownat|truncate|utime|utimes|utimensat|setxattr|lsetxattr|removexattr)\(/ {
		if (!paths_inside($0))
			bad("writes outside the output directory: " $0)
	}
	END { exit (nbad > 0) }' "$1" && pass=$((pass + 1)) || fail=$((fail + 1))
}

n=0
trace() {	# trace DESCRIPTION ARGS...
	what=$1
	shift
	n=$((n + 1))
	strace -f -qq -e trace=%file,%network,%process -o "$tmp/logs/$n.log" "$bin" "$@" \
	    > /dev/null 2>&1
	check "$tmp/logs/$n.log" "$what"
}

"$top/tests/pack.sh" "$top/testdata/bundles/nested" "$tmp/nested.zip"
"$top/tests/pack.sh" "$top/testdata/bundles/healthy" "$tmp/healthy.tar.gz"
formats=$("$bin" --help | awk '/^Formats:/ { f = 1; next } f && /^$/ { exit } f { print $1 }')
for fmt in $formats; do
	trace "nested.zip -f $fmt" -q -r "$top/rules" -f "$fmt" -o "$out" "$tmp/nested.zip"
done
trace "several bundles" -q -r "$top/rules" -f md -f json -o "$out" --force "$tmp/nested.zip" \
    "$tmp/healthy.tar.gz" "$top/testdata/bundles/two-problems"
trace "-o FILE" -q -r "$top/rules" -o "$out/one.md" "$tmp/healthy.tar.gz"
while IFS= read -r line; do
	case $line in
	"case "*) ;;
	*) continue ;;
	esac
	# shellcheck disable=SC2086
	set -- ${line#case }
	file=$1
	shift 2
	trace "hostile: $file $*" -q -r "$top/rules" -f json -o "$out/$n.json" "$@" \
	    "$tmp/corpus/$file"
done < "$top/tests/hostile/cases"
# The checker itself must catch what it is meant to catch.
printf '1 openat(AT_FDCWD, "/etc/x", O_WRONLY|O_CREAT, 0666) = 3\n2 execve("/bin/sh", []) = 0\n' \
    > "$tmp/logs/bad.log"
printf '1 execve("/x", []) = 0\n1 socket(AF_INET, SOCK_STREAM, 0) = 3\n' >> "$tmp/logs/bad.log"
before=$fail
check "$tmp/logs/bad.log" "self-test (three failures expected)" > "$tmp/selftest" 2>&1
if [ $fail = $((before + 1)) ] && [ "$(grep -c FAIL "$tmp/selftest")" = 3 ]; then
	fail=$before
	pass=$((pass + 1))
else
	echo "strace: FAIL: the checker missed a bad call" >&2
	cat "$tmp/selftest" >&2
fi

echo "strace: $pass passed, $fail failed"
[ "$fail" = 0 ]
