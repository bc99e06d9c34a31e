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
  local version=5.6.0 dir=var/fuseki
  [ -f "$dir/jena-fuseki-server-$version.jar" ] && return 0
  mkdir -p "$dir"
  if mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy "-Dartifact=org.apache.jena:jena-fuseki-server:$version" \
       "-DoutputDirectory=$dir" >"$dir/maven.log" 2>&1; then
    return 0
  fi
  # Not fatal, even under CI=true: where Maven Central cannot be reached (this project's workplace
  # reaches PyPI, Debian and npm only), the Fuseki tests skip and say why (docs/remote-stores.md).
  echo "warning: could not fetch Apache Jena Fuseki from Maven Central (see $dir/maven.log);" \
       "the Fuseki tests will skip" >&2
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
