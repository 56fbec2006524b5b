#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for the harness, and does nothing that is already done:
# container engine (docker.io), debootstrap (base image), named-checkzone (zone validation),
# npm packages, then the container images (built locally; no registry needed).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
if ! command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then missing+=(docker.io); fi
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v named-checkzone >/dev/null 2>&1 || missing+=(bind9-utils)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || [ -n "${DOCKER_HOST:-}" ]; then
    echo "setup: no container engine answers; start Docker (or set DOCKER_HOST) and run again" >&2
    exit 1
  fi
  echo "setup: starting dockerd (log: /var/log/mail-relay-harness-dockerd.log)"
  setsid dockerd >>/var/log/mail-relay-harness-dockerd.log 2>&1 < /dev/null &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not answer within 30 s" >&2; exit 1; }
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

npm run --silent images
echo "setup: ready"
