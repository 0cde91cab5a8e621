#!/usr/bin/env bash
# Refresh htmx under static/vendor/htmx/ (committed, so running the portal needs no
# Node.js):  scripts/update-htmx.sh 2.0.11
set -euo pipefail
version="${1:-2.0.11}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/static/vendor/htmx"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$version" >/dev/null && tar xzf htmx.org-*.tgz)
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/package/dist/htmx.min.js" "$dest/htmx.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
echo "htmx.org $version" >"$dest/VERSION"
echo "Updated $dest to htmx $version"
