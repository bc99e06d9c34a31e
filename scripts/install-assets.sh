#!/usr/bin/env bash
# Front-end assets served by pvgraph itself (never from a CDN).
#
# YASGUI (npm @zazuko/yasgui, MIT) is pinned to one version; its two built files are committed in
# src/pvgraph/static/vendor/yasgui/ so that a checkout serves the editor without network access.
# This script checks them against their pinned SHA-256 and, when one is missing or differs,
# fetches the package with `npm pack` from the npm registry and copies the built files again.
set -euo pipefail

YASGUI_VERSION="4.6.2"
JS_SHA256="55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75"
CSS_SHA256="085b94556b97f9928981bdedb6848fd11ad4d8d950e821f0d698c58ca538fc55"

root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/src/pvgraph/static/vendor/yasgui"
js="$dest/yasgui-$YASGUI_VERSION.min.js"
css="$dest/yasgui-$YASGUI_VERSION.min.css"

ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

if ok "$js" "$JS_SHA256" && ok "$css" "$CSS_SHA256"; then
  exit 0
fi

command -v npm >/dev/null 2>&1 || {
  echo "install-assets: npm is needed to fetch @zazuko/yasgui@$YASGUI_VERSION (apt-get install npm)" >&2
  exit 1
}
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "install-assets: fetching @zazuko/yasgui@$YASGUI_VERSION from the npm registry"
(cd "$work" && npm pack --silent "@zazuko/yasgui@$YASGUI_VERSION" >/dev/null && tar xzf ./*.tgz)
mkdir -p "$dest"
cp "$work/package/build/yasgui.min.js" "$js"
cp "$work/package/build/yasgui.min.css" "$css"
if ! ok "$js" "$JS_SHA256" || ! ok "$css" "$CSS_SHA256"; then
  echo "install-assets: the fetched YASGUI files do not match the pinned SHA-256; refusing them" >&2
  rm -f "$js" "$css"
  exit 1
fi
echo "install-assets: YASGUI $YASGUI_VERSION installed in $dest"
