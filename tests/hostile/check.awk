# check.awk: checks one report of the hostile corpus against the inventory invariants and the
# case's expectations; prints one line per failure.
#   awk -v expect=FILE -f check.awk REPORT.json
# REPORT.json is the JSON report as marstriage writes it (one member per line). FILE holds the
# case's "expect" and "entries" lines (see tests/hostile/cases). Strings are compared in their
# JSON-escaped form. POSIX awk only: mawk runs it too.

function unquote(v) {
	sub(/,$/, "", v)
	if (v ~ /^".*"$/)
		v = substr(v, 2, length(v) - 2)
	return v
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

# A shell pattern (* and ?) as an anchored regular expression.
function glob_re(g,    i, c, r) {
	r = "^"
	for (i = 1; i <= length(g); i++) {
		c = substr(g, i, 1)
		if (c == "*")
			r = r ".*"
		else if (c == "?")
			r = r "."
		else if (index("\\.[]()^$+{}|", c) > 0)
			r = r "\\" c
		else
			r = r c
	}
	return r "$"
}

function has_flag(i, f) {
	return index("," flags[i] ",", "," f ",") > 0
}

function fail(msg) {
	print msg
	nfail++
}

# Does record i meet one expectation's status, flags, note and extra conditions?
function meets(i, status, want_flags, note, extra,    nf, fl, k, ne, ex, kv) {
	if (status != "*" && rec[i, "status"] != status)
		return 0
	if (want_flags == "none" && flags[i] != "")
		return 0
	if (want_flags != "-" && want_flags != "none") {
		nf = split(want_flags, fl, ",")
		for (k = 1; k <= nf; k++)
			if (!has_flag(i, fl[k]))
				return 0
	}
	if (note != "-" && index(rec[i, "note"], note) == 0)
		return 0
	ne = split(extra, ex, " ")
	for (k = 1; k <= ne; k++) {
		split(ex[k], kv, "=")
		if (kv[1] == "count")
			continue
		if (kv[1] == "replaced" && rec[i, "replacements"] + 0 == 0)
			return 0
		if (kv[1] != "replaced" && rec[i, kv[1]] != kv[2])
			return 0
	}
	return 1
}

/^  "inventory": \[/ { inv = 1; next }
inv && /^  \]/ { inv = 0; next }
inv && /^    \{/ { n++; flags[n] = ""; inflags = 0; next }
inv && inflags && /^      \]/ { inflags = 0; next }
inv && inflags {
	v = $0
	sub(/^ +/, "", v)
	v = unquote(v)
	flags[n] = flags[n] (flags[n] == "" ? "" : ",") v
	next
}
inv && /^      "[a-z_]+": / {
	key = $0
	sub(/^      "/, "", key)
	sub(/".*/, "", key)
	val = $0
	sub(/^      "[a-z_]+": /, "", val)
	if (key == "flags") {
		if (val !~ /^\[\],?$/)
			inflags = 1
		next
	}
	rec[n, key] = unquote(val)
	next
}
/^  "totals": \{/ { tot = 1; next }
tot && /^  \}/ { tot = 0; next }
tot && /^    "[a-z_]+": / {
	key = $0
	sub(/^    "/, "", key)
	sub(/".*/, "", key)
	val = $0
	sub(/^    "[a-z_]+": /, "", val)
	sub(/,$/, "", val)
	totals[key] = val + 0
	next
}

END {
	if (!("entries" in totals)) {
		fail("no totals in the report")
		exit 1
	}
	# The invariants: the totals agree with the records, every record says what became of
	# it, nothing is read past its declared size, notes are one line, repeated names are
	# flagged.
	if (totals["entries"] != n)
		fail("totals.entries is " totals["entries"] " but the inventory has " n " records")
	sum = 0
	for (i = 1; i <= n; i++) {
		sum += rec[i, "bytes_read"]
		if (rec[i, "status"] == "")
			fail("record " i " (" rec[i, "path"] ") has no status")
		if (rec[i, "size_declared"] != "null" && rec[i, "size_declared"] + 0 >= 0 &&
		    rec[i, "bytes_read"] + 0 > rec[i, "size_declared"] + 0)
			fail(rec[i, "path"] ": " rec[i, "bytes_read"] " bytes read, " \
			    rec[i, "size_declared"] " declared")
		if (rec[i, "note"] ~ /\\n$/)
			fail(rec[i, "path"] ": the note ends with a line break")
		if (rec[i, "status"] == "unreadable-remainder")
			continue
		for (j = 1; j < i; j++)
			if (rec[j, "path"] == rec[i, "path"] && rec[j, "status"] != \
			    "unreadable-remainder" && !has_flag(i, "duplicate_name")) {
				fail(rec[i, "path"] ": repeated without the duplicate_name flag")
				break
			}
	}
	if (sum != totals["bytes_read"])
		fail("totals.bytes_read is " totals["bytes_read"] ", the records add up to " sum)
	if (totals["parsed"] + totals["partial"] + totals["skipped"] + totals["failed"] + \
	    totals["containers"] != totals["entries"])
		fail("the status totals do not add up to totals.entries")

	while ((getline line < expect) > 0) {
		if (line ~ /^entries /) {
			if (n != substr(line, 9) + 0)
				fail("expected " substr(line, 9) " records, found " n)
			continue
		}
		if (line !~ /^expect /)
			continue
		nf = split(substr(line, 8), f, "|")
		for (k = 1; k <= 5; k++)
			f[k] = k <= nf ? trim(f[k]) : ""
		if (f[2] == "")
			f[2] = "*"
		if (f[3] == "")
			f[3] = "-"
		if (f[4] == "")
			f[4] = "-"
		re = glob_re(f[1])
		matched = 0
		for (i = 1; i <= n; i++)
			if (rec[i, "path"] ~ re && meets(i, f[2], f[3], f[4], f[5]))
				matched++
		want = -1
		ne = split(f[5], ex, " ")
		for (k = 1; k <= ne; k++)
			if (ex[k] ~ /^count=/)
				want = substr(ex[k], 7) + 0
		if ((want < 0 && matched == 0) || (want >= 0 && matched != want))
			fail("expected " (want < 0 ? "a" : want) " record(s) " f[1] " | " f[2] " | " \
			    f[3] " | " f[4] (f[5] != "" ? " | " f[5] : "") "; found " matched)
	}
	close(expect)
	exit (nfail > 0)
}
