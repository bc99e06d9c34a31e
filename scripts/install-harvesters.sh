#!/usr/bin/env bash
# Build the open-data portals' own harvesters, each in its own virtual environment, so that the
# tests (and `pvgraph harvest-check`) run data.gouv.fr's and CKAN's real parsing code on the
# catalogue: udata (+ mongomock, no MongoDB) and CKAN + ckanext-dcat (no PostgreSQL). Their
# pins clash with each other and with pvgraph's, hence one environment each. The exact versions
# are locked in src/pvgraph/publish/harvesters/*-requirements.txt; an environment is rebuilt only
# when its lock changes (a stamp holds the lock's SHA-256), so a second run takes milliseconds.
# Where: $PVGRAPH_HARVESTERS_DIR, else .harvesters/ at the repository root.
# Under CI=true a failure fails; on a developer machine it is reported and the tests that need a
# harvester skip, saying so.
set -uo pipefail
cd "$(dirname "$0")/.."
root="${PVGRAPH_HARVESTERS_DIR:-$PWD/.harvesters}"
python="${PYTHON:-python3}"
locks=src/pvgraph/publish/harvesters
status=0
for name in udata ckan; do
  lock="$locks/$name-requirements.txt"
  venv="$root/$name"
  want="$(sha256sum "$lock" | cut -c1-64)"
  if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.installed" 2>/dev/null)" = "$want" ]; then
    continue
  fi
  echo "installing the $name harvester into $venv (from $lock)"
  rm -rf "$venv"
  if "$python" -m venv "$venv" \
      && "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$lock" \
         2> >(grep -v "is ignored: it is neither" >&2) \
      && "$venv/bin/python" -m pip check --disable-pip-version-check >/dev/null; then
    echo "$want" > "$venv/.installed"
  else
    echo "could not install the $name harvester into $venv" >&2
    rm -rf "$venv"
    status=1
  fi
done
if [ "$status" -ne 0 ] && [ "${CI:-}" != "true" ]; then
  echo "warning: the tests that run the portals' harvesters will skip" >&2
  exit 0
fi
exit "$status"
