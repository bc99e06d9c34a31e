#!/usr/bin/env bash
# Front-end assets served by pvgraph itself (never from a CDN). Filled in by the web front door.
set -euo pipefail
exit 0
