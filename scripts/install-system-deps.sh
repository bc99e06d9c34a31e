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
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)   # Apache Jena Fuseki (tests/remote)
command -v mvn >/dev/null 2>&1 || need+=(maven)                   # fetches Fuseki from Maven Central
[ -f /usr/share/java/owlapi-distribution.jar ] || need+=(libowlapi-java)  # OWL 2 profile checker (tests/knowledge)
command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)  # compiles the profile checker; runs HermiT
fetch_fuseki() {
  # Apache Jena Fuseki for tests/remote, from Maven Central (5.6.0: the newest on Java 17), once.
  # Maven Central is Fuseki's only distribution that a script can fetch: Debian packages Jena 4.5's
  # libraries without the server, and npm's `fuseki` package downloads it from Apache when
  # installed. Where Maven Central cannot be reached (this project's workplace reaches PyPI,
  # Debian and npm only), the reason goes to var/fuseki/unreachable, which the Fuseki tests quote
  # when they skip (tests/remote/conftest.py); not fatal, even under CI=true (docs/remote-stores.md).
  local version=5.6.0 dir=var/fuseki central=https://repo.maven.apache.org/maven2/
  [ -f "$dir/jena-fuseki-server-$version.jar" ] && { rm -f "$dir/unreachable"; return 0; }
  mkdir -p "$dir"
  # One HEAD request first, 10 s at most, rather than letting Maven retry its downloads.
  local why
  if command -v curl >/dev/null 2>&1 && ! why=$(curl -sSfI --max-time 10 -o /dev/null "$central" 2>&1); then
    echo "$(date -u +%Y-%m-%dT%H:%MZ) $central: ${why:-no answer}" >"$dir/unreachable"
  elif timeout 600 mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
       "-Dartifact=org.apache.jena:jena-fuseki-server:$version" "-DoutputDirectory=$dir" >"$dir/maven.log" 2>&1; then
    rm -f "$dir/unreachable"
    return 0
  else
    echo "$(date -u +%Y-%m-%dT%H:%MZ) $central: mvn dependency:copy failed (see $dir/maven.log)" >"$dir/unreachable"
  fi
  echo "warning: Apache Jena Fuseki not fetched, the Fuseki tests will skip: $(cat "$dir/unreachable")" >&2
}
if [ ${#need[@]} -eq 0 ]; then fetch_fuseki; exit 0; fi
echo "installing Debian packages: ${need[*]}"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  fetch_fuseki
  exit 0
fi
if [ "${CI:-}" = "true" ]; then echo "could not install ${need[*]}" >&2; exit 1; fi
echo "warning: could not install ${need[*]}; the tests that need them will skip" >&2
