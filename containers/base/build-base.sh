#!/usr/bin/env bash
# Builds the Debian trixie base image without a registry: debootstrap a minbase
# root file system and `docker import` it (ENGINE_CLI=podman: `podman import`). Usage: build-base.sh TAG
set -euo pipefail
tag=${1:?usage: build-base.sh TAG}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
here=$(cd "$(dirname "$0")" && pwd)
command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install -y debootstrap)" >&2; exit 1; }
rootfs=$(mktemp -d /tmp/mrh-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
# Debian's keyring, named explicitly: on Ubuntu (e.g. a CI runner) debootstrap defaults to Ubuntu's.
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
# libfaketime: a client MTA's own clock at N× speed (harness-entrypoint); iproute2: a reset empties its neighbour cache;
# socat: mail submitted from the client's own loopback (harness-entrypoint).
debootstrap --variant=minbase --include=ca-certificates,libfaketime,iproute2,socat --keyring="$keyring" "${DEBIAN_SUITE:-trixie}" "$rootfs" "$mirror" >/dev/null
install -m 0755 "$here/harness-entrypoint" "$rootfs/usr/local/sbin/harness-entrypoint"
install -D -m 0644 "$here/harness-supervise.sh" "$rootfs/usr/local/lib/harness/supervise.sh"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | "${ENGINE_CLI:-docker}" import \
  --change 'ENTRYPOINT ["/usr/local/sbin/harness-entrypoint"]' \
  --change 'CMD ["/bin/bash"]' \
  --change "ENV LANG=C.UTF-8" --change "LABEL mail-relay-harness.image=true" - "$tag" >/dev/null
