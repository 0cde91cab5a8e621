#!/usr/bin/env bash
# Refresh the Helsinki Design System's CSS (hds-core) under static/vendor/hds-core/.
# The built CSS is committed so that `make run` needs no Node.js; run this (it needs npm)
# to move to another version:  scripts/update-hds.sh 5.2.2
set -euo pipefail
version="${1:-5.2.2}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/static/vendor/hds-core"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "hds-core@$version" >/dev/null && tar xzf "hds-core-$version.tgz")
rm -rf "$dest"
mkdir -p "$dest/components" "$dest/icons"
cp "$work/package/LICENSE" "$dest/LICENSE"
cp "$work/package/lib/base.min.css" "$dest/base.min.css"
cp "$work/package/lib/components/all.min.css" "$dest/components/all.min.css"
cp "$work/package/lib/icons/icon.min.css" "$dest/icons/icon.min.css"
for icon in angle-right globe arrow-right alert-circle check-circle info-circle; do
  cp "$work/package/lib/icons/$icon.min.css" "$dest/icons/$icon.min.css"
done
echo "hds-core $version" >"$dest/VERSION"
echo "Updated $dest to hds-core $version"
