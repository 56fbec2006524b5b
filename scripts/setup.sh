#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for the harness, and does nothing that is already done:
# container engine (docker.io by default, or Podman with --engine podman), debootstrap (base image),
# named-checkzone (zone validation), npm packages, then the container images (built locally; no
# registry needed).
#   bash scripts/setup.sh                  Docker
#   bash scripts/setup.sh --engine podman  Podman + podman-compose >= 1.0.6, limits, API service
#   bash scripts/setup.sh --engine both    both
#   bash scripts/setup.sh --for-tests      what the test suite needs: both engines, and Chromium
#                                          (Debian's) for the report's browser test
set -euo pipefail
cd "$(dirname "$0")/.."

engine=${HARNESS_ENGINE:-docker}
browser=no
while [ $# -gt 0 ]; do
  case $1 in
    --for-tests) engine=both; browser=yes; shift ;;
    --engine) engine=${2:-}; shift 2 || shift ;;
    --engine=*) engine=${1#*=}; shift ;;
    *) echo "setup: unknown option $1 (use --engine docker|podman|both, or --for-tests)" >&2; exit 2 ;;
  esac
done
case $engine in
  docker|podman) engines=("$engine") ;;
  both) engines=(docker podman) ;;
  *) echo "setup: --engine must be docker, podman or both, not '$engine'" >&2; exit 2 ;;
esac
wants() { [[ " ${engines[*]} " == *" $1 "* ]]; }

PODMAN_SOCKET=/run/podman/podman.sock
COMPOSE_HOME=/opt/mail-relay-harness/podman-compose
as_root() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please run as root (it installs: $*)" >&2
    exit 1
  fi
}

missing=()
if wants docker; then
  if ! command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then missing+=(docker.io); fi
  # For projects written by --export-compose.
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
fi
if wants podman; then
  command -v podman >/dev/null 2>&1 || missing+=(podman)
  /usr/bin/python3 -c 'import yaml, dotenv' >/dev/null 2>&1 || missing+=(python3-yaml python3-dotenv)
fi
if [ "$browser" = yes ]; then command -v chromium >/dev/null 2>&1 || missing+=(chromium); fi
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
command -v named-checkzone >/dev/null 2>&1 || missing+=(bind9-utils)
if [ ${#missing[@]} -gt 0 ]; then
  as_root "${missing[*]}"
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# podman-compose 1.0.6 is the first that gives a service its ipv4_address; Debian bookworm has 1.0.3.
# Trixie's 1.3.0 is pure Python: fetched with apt from the trixie suite (PyPI is not needed).
compose_ok() {
  local v
  v=$(podman-compose version 2>/dev/null | sed -n 's/^podman-compose version \([0-9.]*\).*/\1/p' | head -1)
  [ -n "$v" ] && [ "$(printf '%s\n1.0.6\n' "$v" | sort -V | head -1)" = 1.0.6 ]
}
install_podman_compose() {
  as_root "podman-compose 1.3.0 from Debian trixie"
  echo "setup: installing podman-compose 1.3.0 from Debian trixie into $COMPOSE_HOME"
  local work keyring
  work=$(mktemp -d /tmp/mrh-compose.XXXXXX)
  mkdir -p "$work/lists/partial" "$work/deb"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  echo "deb [signed-by=$keyring] ${DEBIAN_MIRROR:-http://deb.debian.org/debian} trixie main" > "$work/sources.list"
  local opts=(-qq -o APT::Sandbox::User=root -o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists")
  apt-get "${opts[@]}" update
  (cd "$work/deb" && apt-get "${opts[@]}" download podman-compose 2>/dev/null && dpkg -x podman-compose_*.deb x)
  mkdir -p "$COMPOSE_HOME"
  install -m 0644 "$work/deb/x/usr/lib/python3/dist-packages/podman_compose.py" "$COMPOSE_HOME/podman_compose.py"
  printf '#!/bin/sh\nexec /usr/bin/python3 %s/podman_compose.py "$@"\n' "$COMPOSE_HOME" > /usr/local/bin/podman-compose
  chmod 0755 /usr/local/bin/podman-compose
  rm -rf "$work"
  hash -r
}

# Podman refuses every container start ("error setting rlimit") while the defaults exceed this
# kind of machine's hard limits; these fit within them.
set_podman_limits() {
  local conf=/etc/containers/containers.conf
  if grep -qs '^default_ulimits' "$conf"; then return; fi
  as_root "default_ulimits in $conf"
  echo "setup: setting default_ulimits nofile/nproc 1024 in $conf"
  mkdir -p /etc/containers
  if grep -qs '^\[containers\]' "$conf"; then
    sed -i 's/^\[containers\]$/[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]/' "$conf"
  else
    printf '[containers]\ndefault_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]\n' >> "$conf"
  fi
}

podman_answers() { curl -sf --max-time 2 --unix-socket "$PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1; }

if wants podman; then
  pv=$(podman --version | sed -n 's/^podman version \([0-9.]*\).*/\1/p')
  if [ "$(printf '%s\n4.0.0\n' "$pv" | sort -V | head -1)" != 4.0.0 ]; then
    echo "setup: Podman $pv is too old; the harness needs Podman 4.0 or later" >&2
    exit 1
  fi
  compose_ok || install_podman_compose
  compose_ok || { echo "setup: podman-compose >= 1.0.6 could not be installed" >&2; exit 1; }
  set_podman_limits
  if ! podman_answers; then
    as_root "the Podman API service"
    echo "setup: starting podman system service on $PODMAN_SOCKET (log: /var/log/mail-relay-harness-podman.log)"
    mkdir -p "$(dirname "$PODMAN_SOCKET")"
    # From /: the service's conmon needs its working directory to exist for as long as it runs,
    # and a clone it was started in may be moved or deleted (seen: "Failed to get working directory").
    (cd / && setsid podman system service -t 0 "unix://$PODMAN_SOCKET" >>/var/log/mail-relay-harness-podman.log 2>&1 < /dev/null &)
    for _ in $(seq 1 60); do podman_answers && break; sleep 0.5; done
    podman_answers || { echo "setup: the Podman service did not answer within 30 s" >&2; exit 1; }
  fi
fi
if wants docker && ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || [ -n "${DOCKER_HOST:-}" ]; then
    echo "setup: no container engine answers; start Docker (or set DOCKER_HOST) and run again" >&2
    exit 1
  fi
  echo "setup: starting dockerd (log: /var/log/mail-relay-harness-dockerd.log)"
  (cd / && setsid dockerd >>/var/log/mail-relay-harness-dockerd.log 2>&1 < /dev/null &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not answer within 30 s" >&2; exit 1; }
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
# The compiled harness, which `npm run scenario` and the other commands start from (about 0.75 s,
# against 1.4 s on the sources through tsx); after a source changes they run the sources again.
echo "setup: npm run build (the compiled harness)"
npm run --silent build

for e in "${engines[@]}"; do HARNESS_ENGINE=$e npm run --silent images; done
echo "setup: ready (${engines[*]})"
