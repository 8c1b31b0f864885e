#!/usr/bin/env bash
# The project's test command: set up from nothing, then run the whole suite (docker included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# headless Chromium renders the HTML report in tests/test_reports.py (only the tests need it)
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
exec .venv/bin/python -m pytest -n 2 --durations=20 "$@"
