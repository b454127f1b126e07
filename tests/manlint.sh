#!/bin/sh
# manlint.sh PAGE...: every man page must be clean under mandoc -Tlint -W warning.
set -u
fail=0
pass=0
for page in "$@"; do
	out=$(mandoc -Tlint -W warning "$page" 2>&1)
	if [ -n "$out" ]; then
		echo "$out" >&2
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done
echo "manlint: $pass passed, $fail failed"
[ $fail = 0 ]
