#!/usr/bin/env bash
# Front-end assets served by pvgraph itself (never from a CDN).
#
# Each package is pinned to one version; its built files are committed in
# src/pvgraph/static/vendor/NAME/ so that a checkout serves every page without network access:
#   - YASGUI (npm @zazuko/yasgui, MIT): the SPARQL editor (/editor);
#   - Swagger UI (npm swagger-ui-dist, Apache-2.0): the API documentation (/-/docs);
#   - axe-core (npm axe-core, MPL-2.0, with its licence files): for the tests only, in
#     tests/web/vendor/axe-core/ (tests/web/test_accessibility.py injects it into the pages it
#     checks in headless Chromium; the server never serves it).
# This script checks every file against its pinned SHA-256 and, when one is missing or differs,
# fetches the package with `npm pack` from the npm registry and copies the built files again.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/src/pvgraph/static/vendor"

ok() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]; }

# install PACKAGE VERSION DEST "PACKAGE_FILE:LOCAL_NAME:SHA256"...
install() {
  local package="$1" version="$2" dest="$3"
  shift 3
  local entry missing=0
  for entry in "$@"; do
    IFS=: read -r _from name sum <<<"$entry"
    ok "$dest/$name" "$sum" || missing=1
  done
  [ "$missing" = 0 ] && return 0

  command -v npm >/dev/null 2>&1 || {
    echo "install-assets: npm is needed to fetch $package@$version (apt-get install npm)" >&2
    exit 1
  }
  local work
  work="$(mktemp -d)"
  echo "install-assets: fetching $package@$version from the npm registry"
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$dest"
  for entry in "$@"; do
    IFS=: read -r from name sum <<<"$entry"
    cp "$work/package/$from" "$dest/$name"
    if ! ok "$dest/$name" "$sum"; then
      echo "install-assets: $package@$version $from does not match its pinned SHA-256; refusing it" >&2
      rm -f "$dest/$name"
      rm -rf "$work"
      exit 1
    fi
  done
  rm -rf "$work"
  echo "install-assets: $package $version installed in $dest"
}

YASGUI_VERSION="4.6.2"
install "@zazuko/yasgui" "$YASGUI_VERSION" "$vendor/yasgui" \
  "build/yasgui.min.js:yasgui-$YASGUI_VERSION.min.js:55034eaac74c55f55fbd1eeed008ae38a79053651cbed2b453f1fcfd895a4b75" \
  "build/yasgui.min.css:yasgui-$YASGUI_VERSION.min.css:085b94556b97f9928981bdedb6848fd11ad4d8d950e821f0d698c58ca538fc55"

# Keep in step with SWAGGER_UI_VERSION in src/pvgraph/server/api_docs.py.
SWAGGER_UI_VERSION="5.35.0"
install "swagger-ui-dist" "$SWAGGER_UI_VERSION" "$vendor/swagger-ui" \
  "swagger-ui-bundle.js:swagger-ui-bundle-$SWAGGER_UI_VERSION.js:e6a898692f2d768e807c3ba4626068a69a2c5dd960dd6c76f3e4d3a3de180af2" \
  "swagger-ui.css:swagger-ui-$SWAGGER_UI_VERSION.css:5ed08757e53da3e026d6cbecc61fe5d43585c9560b302d534ad56692519a273d"

AXE_CORE_VERSION="4.14.1"
install "axe-core" "$AXE_CORE_VERSION" "$root/tests/web/vendor/axe-core" \
  "axe.min.js:axe-$AXE_CORE_VERSION.min.js:29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c" \
  "LICENSE:LICENSE:af175b9d96ee93c21a036152e1b905b0b95304d4ae8c2c921c7609100ba8df7e" \
  "LICENSE-3RD-PARTY.txt:LICENSE-3RD-PARTY.txt:4f8563870d0fca38bbc3e00b6f670cb7fa9f380ba9f26a7f7d1184a6b18b1653"
