#!/bin/sh
# browser.sh: opens HTML reports in headless Chromium, offline, and fails when
#  - the DOM holds an element or event attribute that came from bundle text,
#  - the page makes a network request (Chromium's net log lists every request a page starts;
#    host names resolve to nothing, so no request leaves the machine),
#  - the page breaks its Content-Security-Policy (Chromium logs each violation: a blocked load,
#    or a style block whose hash does not match),
#  - no screenshot is written.
# Each check is first run on a page broken on purpose and must catch it. The reports are those
# of a sample bundle and of the injection bundle; the screenshots stay in tests/tmp/browser/ for
# a person to look at. Without Chromium the test is skipped.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/marstriage
tmp=$top/tests/tmp/browser
rm -rf "$tmp"
mkdir -p "$tmp"
export LC_ALL=C TZ=UTC
pass=0
fail=0

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" > /dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "browser: SKIPPED: Chromium is not installed (Debian: apt-get install chromium)"
	exit 0
fi

ok() { pass=$((pass + 1)); }
bad() { echo "browser: FAIL: $*" >&2; fail=$((fail + 1)); }

# open NAME FILE CHROMIUM-OPTIONS...: loads FILE; output in $tmp/NAME.out, browser log in
# $tmp/NAME.err, net log in $tmp/NAME.netlog.
open_page() {
	name=$1 file=$2
	shift 2
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --disable-dev-shm-usage --user-data-dir="$profile" \
	    --host-resolver-rules="MAP * ~NOTFOUND" \
	    --enable-logging=stderr --v=0 --log-net-log="$tmp/$name.netlog" \
	    "$@" "file://$file" > "$tmp/$name.out" 2> "$tmp/$name.err"
	status=$?
	rm -rf "$profile"
	return $status
}

# dom_clean NAME: 0 when the dumped DOM has no active element and no event attribute.
active='script|img|iframe|frame|object|embed|link|base|form|input|button|audio|video|image'
active="$active|use|foreignobject|animate|set|meta[^>]*refresh[^>]*"
dom_clean() {
	! grep -Eiq "<($active)[[:space:]/>]" "$tmp/$1.out" &&
	! grep -Eiq '<[a-z][^>]*[[:space:]]on[a-z]+=' "$tmp/$1.out" &&
	! grep -Fq '<b>Evil' "$tmp/$1.out"
}

# net_quiet NAME: 0 when the page started no request. Requests of the browser itself carry
# the initiator "not an origin"; a page's requests carry the page's origin ("null" for a file).
net_quiet() {
	[ -s "$tmp/$1.netlog" ] || return 1
	! grep '"initiator":' "$tmp/$1.netlog" | grep -vq '"initiator":"not an origin"'
}

# csp_kept NAME: 0 when the browser logged no policy violation.
csp_kept() {
	! grep -q 'Content Security Policy' "$tmp/$1.err"
}

report() {	# report CASE: packs the sample bundle and writes its HTML report
	"$top/tests/pack.sh" "$top/testdata/bundles/$1" "$tmp/$1.zip" || return 1
	(cd "$tmp" && "$bin" -q -r "$top/rules" -f html -o - "$1.zip") > "$tmp/$1.html"
	[ -s "$tmp/$1.html" ]
}

# ---- the checks catch what they are for ----

report vss-writer-timeout || bad "cannot write the report of vss-writer-timeout"
report injection || bad "cannot write the report of injection"

# A page without a policy that loads an image: the net log shows the request.
cat > "$tmp/broken-net.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head>
<body><p>loads an image</p><img src="http://marstriage-test.invalid/x.png" alt=""></body></html>
EOF
open_page broken-net "$tmp/broken-net.html" --dump-dom
if grep '"initiator":' "$tmp/broken-net.netlog" | grep -v '"initiator":"not an origin"' |
    grep -q 'marstriage-test.invalid/x.png'; then ok; else
	bad "the net log does not show the request of a page that makes one"; fi
if net_quiet broken-net; then bad "the net log check misses a page's request"; else ok; fi
if dom_clean broken-net; then bad "the DOM check misses an <img>"; else ok; fi

# Our page with an element slipped in: the policy blocks the load and says so.
sed 's|<body>|<body><b>Evil</b><img src="http://marstriage-test.invalid/y.png" alt="">|' \
    "$tmp/injection.html" > "$tmp/broken-inject.html"
open_page broken-inject "$tmp/broken-inject.html" --dump-dom
if grep -q "marstriage-test.invalid/y.png' violates" "$tmp/broken-inject.err"; then ok; else
	bad "the browser log does not show the policy blocking an image"; fi
if csp_kept broken-inject; then bad "the policy check misses a blocked image"; else ok; fi
if dom_clean broken-inject; then bad "the DOM check misses <b>Evil</b>"; else ok; fi
if net_quiet broken-inject; then ok; else bad "the policy let a request through"; fi

# Our page with its style changed after hashing: the style is refused and the log says so.
sed 's|<style>:root{|<style>:root{--x:0;|' "$tmp/vss-writer-timeout.html" > "$tmp/broken-style.html"
open_page broken-style "$tmp/broken-style.html" --dump-dom
if grep -q 'inline style violates' "$tmp/broken-style.err"; then ok; else
	bad "the browser log does not show the policy refusing a style"; fi
if csp_kept broken-style; then bad "the policy check misses a style with a wrong hash"
else ok; fi

# ---- the reports ----

for case_name in vss-writer-timeout injection; do
	page=$tmp/$case_name.html
	open_page "$case_name" "$page" --dump-dom || bad "$case_name: the browser failed"
	if grep -q '<section id="verdict"' "$tmp/$case_name.out"; then ok; else
		bad "$case_name: no verdict in the DOM"; fi
	if dom_clean "$case_name"; then ok; else bad "$case_name: active element in the DOM"; fi
	if net_quiet "$case_name"; then ok; else bad "$case_name: the page made a request"; fi
	if csp_kept "$case_name"; then ok; else
		bad "$case_name: policy violation:"
		grep 'Content Security Policy' "$tmp/$case_name.err" >&2
	fi
	open_page "$case_name-shot" "$page" --hide-scrollbars --window-size=1280,2400 \
	    --screenshot="$tmp/$case_name.png" || bad "$case_name: the browser failed"
	if [ "$(od -An -tx1 -N8 "$tmp/$case_name.png" 2>/dev/null | tr -d ' \n')" = \
	    "89504e470d0a1a0a" ]; then ok; else bad "$case_name: no PNG screenshot"; fi
	if net_quiet "$case_name-shot" && csp_kept "$case_name-shot"; then ok; else
		bad "$case_name: request or policy violation while drawing the screenshot"; fi
done

# The injection bundle's payloads are in the page as text.
for text in '&lt;img src=x onerror=alert(1)&gt;.txt' 'x|y`backtick`.log' '&lt;/style&gt;' \
    'javascript:alert(1)'; do
	if grep -Fq -- "$text" "$tmp/injection.out"; then ok; else
		bad "injection: '$text' not shown as text"; fi
done

echo "browser: $pass passed, $fail failed (screenshots in tests/tmp/browser/)"
[ $fail = 0 ]
