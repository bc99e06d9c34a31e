#!/usr/bin/env bash
# Install the Debian packages that the integration tests need, only those that are missing.
# Under CI=true every one is required; on a developer machine a failure is reported, not fatal,
# and the tests that need the missing program say so when they skip.
set -uo pipefail
need=()
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)  # spreadsheet fixtures and tests (tabular)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then echo "could not install ${need[*]}" >&2; exit 1; fi
echo "warning: could not install ${need[*]}; the tests that need them will skip" >&2
