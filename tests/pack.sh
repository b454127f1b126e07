#!/bin/sh
# pack.sh CASE_DIR OUT_FILE: packs a test bundle folder the way a customer would send it.
# Folders named X.d become an archive entry X (zip; X.tar.gz etc. by suffix) inside their parent,
# every file gets the fixed mtime 2026-03-15 12:00 UTC (MARS log years depend on it), and entries
# are added in sorted order so archives are byte-for-byte reproducible. The format follows
# OUT_FILE's suffix (.zip, .tar, .tar.gz, .tgz, .7z).
set -eu
src=$1
out=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/mtpack.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cp -R "$src" "$work/b"
export TZ=UTC

stamp() { find "$1" -exec touch -t 202603151200.00 {} +; }

# pack_dir DIR ARCHIVE: archive DIR's contents (sorted), format from ARCHIVE's name.
pack_dir() {
	(cd "$1" && find . -type f | LC_ALL=C sort | sed 's|^\./||' > "$work/list")
	case $(printf '%s' "$2" | tr 'A-Z' 'a-z') in
	*.zip) fmt="--format zip" ;;
	*.7z) fmt="--format 7zip" ;;
	*.tar.gz|*.tgz) fmt="--format ustar -z" ;;
	*.tar) fmt="--format ustar" ;;
	*) echo "pack.sh: unknown archive type: $2" >&2; exit 2 ;;
	esac
	# shellcheck disable=SC2086
	(cd "$1" && bsdtar $fmt --uid 0 --gid 0 --uname "" --gname "" -cf "$2" -T "$work/list")
}

# Innermost .d folders first, so nesting of any depth works.
find "$work/b" -depth -type d -name '*.d' | while read -r d; do
	stamp "$d"
	pack_dir "$d" "${d%.d}"
	rm -rf "$d"
done
stamp "$work/b"
case $out in
/*) abs=$out ;;
*) abs=$(pwd)/$out ;;
esac
rm -f "$abs"
pack_dir "$work/b" "$abs"
touch -t 202603151200.00 "$abs"
