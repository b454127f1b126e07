#!/bin/sh
# demo.sh: packs the sample bundle testdata/bundles/vss-writer-timeout as case-1234.zip, the way a
# customer would send it, runs marstriage on it, and says where the report went.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=$top/tests/tmp/demo
mkdir -p "$out"
"$top/tests/pack.sh" "$top/testdata/bundles/vss-writer-timeout" "$out/case-1234.zip"
status=0
"$top/marstriage" --force -r "$top/rules" -f md -f json "$out/case-1234.zip" || status=$?
echo
echo "Reports: $out/case-1234.report.md"
echo "         $out/case-1234.report.json"
echo "(exit status $status: 1 means findings at or above --fail-on, as expected for this sample)"
echo
sed -n '1,25p' "$out/case-1234.report.md"
