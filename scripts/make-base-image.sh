#!/usr/bin/env bash
# Provide the Dockerfile's base image (debian:bookworm-slim) on a machine that cannot pull it:
# try a pull first; without a registry, build a minimal Debian root with debootstrap and import it.
set -euo pipefail
BASE="${1:-debian:bookworm-slim}"
if docker image inspect "$BASE" >/dev/null 2>&1; then exit 0; fi
if docker pull "$BASE" >/dev/null 2>&1; then exit 0; fi
echo "make-base-image: no registry; building $BASE with debootstrap (about 30 s)"
command -v debootstrap >/dev/null 2>&1 || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
ROOTFS="$(mktemp -d /tmp/grader-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
debootstrap --variant=minbase bookworm "$ROOTFS" http://deb.debian.org/debian >/tmp/debootstrap.log 2>&1 \
  || { tail -20 /tmp/debootstrap.log >&2; exit 1; }
tar -C "$ROOTFS" -c . | docker import - "$BASE" >/dev/null
echo "make-base-image: imported $BASE"
