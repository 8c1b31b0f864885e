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
# the local sandbox's services: PostgreSQL and Redis from Debian, SecantusDB (MongoDB-wire
# server, GPL-2.0: a venv of its own, only ever run as a separate process)
if ! command -v redis-server >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
  else
    echo "setup: PostgreSQL/Redis missing; as root: apt-get install postgresql redis-server" >&2
  fi
fi
if [ ! -x .runtime/secantus/bin/secantusd-py ]; then
  "$PY" -m venv .runtime/secantus
  .runtime/secantus/bin/pip install -q --disable-pip-version-check --pre -r services/mongo-requirements.txt
fi
if [ "${1:-}" != "--no-docker" ]; then
  scripts/ensure-docker.sh
  scripts/make-base-image.sh
  if .venv/bin/grade image status | grep -qv ': built$'; then  # either image missing
    .venv/bin/grade image build >/tmp/grader-image-build.log 2>&1 \
      || { tail -30 /tmp/grader-image-build.log >&2; exit 1; }
  fi
  .venv/bin/grade image status
fi
