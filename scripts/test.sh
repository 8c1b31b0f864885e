#!/usr/bin/env bash
# The project's test command: set up from nothing, then run the whole suite (docker included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python -m pytest -n 2 "$@"
