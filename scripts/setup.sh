#!/usr/bin/env bash
# Set up everything a grading needs, from nothing: a virtualenv with the grader, the local
# sandbox's Node packages, a Docker engine, the base image and the runtime image.
# Idempotent: a second run only checks. Usage: scripts/setup.sh [--no-docker]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/pip install -q --disable-pip-version-check -e '.[runtime,dev]'
.venv/bin/grade setup-local >/dev/null
if [ "${1:-}" != "--no-docker" ]; then
  scripts/ensure-docker.sh
  scripts/make-base-image.sh
  if ! .venv/bin/grade image status | grep -q ': built$'; then
    .venv/bin/grade image build >/tmp/grader-image-build.log 2>&1 \
      || { tail -30 /tmp/grader-image-build.log >&2; exit 1; }
  fi
  .venv/bin/grade image status
fi
