#!/usr/bin/env bash
# Makes this Debian host able to build and run the compose stack without a registry (field
# notes, "Containers"): podman with runc, containers.conf limits the host allows, a podman-compose
# that knows fixed addresses, a debootstrapped bookworm base image and the judge's delegated
# cgroups. Idempotent: every step checks first; prints what it does.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base_image="${WHETSTONE_BASE_IMAGE:-localhost/whetstone-base:bookworm}"
compose_venv="$root/.tools/podman-compose"
compose_version="1.6.0"
step() { echo "podman-setup: $*"; }

[ "$(id -u)" -eq 0 ] || { echo "podman-setup: run as root (installs packages, makes cgroups)" >&2; exit 1; }

missing=()
for tool in podman runc debootstrap; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  step "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" uidmap slirp4netns >/dev/null
fi
# Podman 4.3 on CNI resolves container names only with the dnsname plugin (a recommended
# package, so --no-install-recommends leaves it out): without it nothing finds "postgres".
if [ "$(podman info --format '{{.Host.NetworkBackend}}' 2>/dev/null)" = cni ] && [ ! -x /usr/lib/cni/dnsname ]; then
  step "installing the CNI dnsname plugin (container names on the compose network)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends golang-github-containernetworking-plugin-dnsname >/dev/null
fi

# crun 1.8 refuses this host's hybrid cgroup layout; podman's default rlimits exceed its hard ones.
conf=/etc/containers/containers.conf
if ! grep -qs 'whetstone' "$conf"; then
  step "writing $conf (runtime runc, ulimits within the host's)"
  mkdir -p /etc/containers
  cat >"$conf" <<'CONF'
# written by whetstone scripts/podman-setup.sh
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
CONF
fi

# Debian's podman-compose (1.0.3) ignores network subnets and fixed addresses: the gateway needs
# one, identity trusts only its X-Forwarded-For. A newer one goes into a venv, never system Python.
if ! "$compose_venv/bin/podman-compose" version 2>/dev/null | grep -q "$compose_version"; then
  step "installing podman-compose $compose_version into $compose_venv"
  python=$(command -v python3.11 || command -v python3)
  "$python" -m venv "$compose_venv"
  "$compose_venv/bin/pip" install --quiet --disable-pip-version-check "podman-compose==$compose_version"
fi

if ! podman image exists "$base_image"; then
  step "making the base image $base_image with debootstrap (about a minute)"
  mirror=$(grep -rhoE '^URIs: *\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 | awk '{print $2}')
  mirror=${mirror:-http://deb.debian.org/debian}
  tree=$(mktemp -d)
  trap 'rm -rf "$tree"' EXIT
  debootstrap --variant=minbase bookworm "$tree" "$mirror" >/dev/null
  rm -rf "$tree"/var/cache/apt/archives/*.deb "$tree"/var/lib/apt/lists/*
  tar -C "$tree" -c . | podman import - "$base_image" >/dev/null
fi

# The judge runs as uid 10001 without capabilities: it gets memory and pids limits from cgroup
# subtrees delegated to that uid and bind-mounted into its container at /cg (JUDGE_CGROUP). On
# v2 that is one group; on v1 a folder holding the memory and pids groups as memory/ and pids/.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  judge=/sys/fs/cgroup/whetstone-judge
  groups=("$judge")
else
  judge=/run/whetstone-judge
  groups=(/sys/fs/cgroup/memory/whetstone-judge /sys/fs/cgroup/pids/whetstone-judge)
fi
for group in "${groups[@]}"; do
  if [ ! -d "$group" ] || [ "$(stat -c %u "$group")" != 10001 ]; then
    step "delegating $group to uid 10001"
    mkdir -p "$group"
    chown -R 10001:10001 "$group"
  fi
done
if [ "$judge" = /run/whetstone-judge ]; then
  for controller in memory pids; do
    if ! mountpoint -q "$judge/$controller"; then
      step "binding the $controller group at $judge/$controller"
      mkdir -p "$judge/$controller"
      mount --bind "/sys/fs/cgroup/$controller/whetstone-judge" "$judge/$controller"
    fi
  done
fi
step "ready: base image $base_image, judge cgroup $judge, compose $compose_venv/bin/podman-compose"
