#!/usr/bin/env bash
# Refresh Leaflet under static/vendor/leaflet/ (committed, so running the portal needs no
# Node.js):  scripts/update-leaflet.sh 1.9.4
set -euo pipefail
version="${1:-1.9.4}"
here="$(cd "$(dirname "$0")/.." && pwd)"
dest="$here/static/vendor/leaflet"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "leaflet@$version" >/dev/null && tar xzf leaflet-*.tgz)
rm -rf "$dest" && mkdir -p "$dest"
cp "$work/package/dist/leaflet.js" "$work/package/dist/leaflet.css" "$dest/"
# No source map ships with it: drop the reference so collectstatic's manifest is whole.
sed -i "/^\/\/# sourceMappingURL=/d" "$dest/leaflet.js"
cp -r "$work/package/dist/images" "$dest/images"
cp "$work/package/LICENSE" "$dest/LICENSE"
echo "leaflet $version" >"$dest/VERSION"
echo "Updated $dest to Leaflet $version"
