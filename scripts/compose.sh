#!/usr/bin/env bash
# Runs the compose stack with docker where a daemon answers, else with podman (this machine's
# kind: scripts/podman-setup.sh, docker-compose.podman.yml). `compose.sh up` builds (cached) and
# starts in steps: stores, then the one-shot migrations and content pack to completion, then the
# services. Podman 4.3 cannot wait for health, and its containers refuse to start while a
# one-shot they depend on has exited, so the steps are ours. `compose.sh ARGS` passes ARGS on.
# A missing .env is generated with random secrets (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
say() { echo "compose: $*" >&2; }

if [ ! -f .env ]; then
  say "writing .env with generated secrets"
  secret() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
  umask 077
  printf 'POSTGRES_PASSWORD=%s\nPLATFORM_ADMIN_EMAIL=admin@example.com\nPLATFORM_ADMIN_PASSWORD=%s\n' \
    "$(secret)" "$(secret)" >.env
fi

if docker info >/dev/null 2>&1; then
  compose=(docker compose -f docker-compose.yml)
  build=("${compose[@]}" build)
else
  scripts/podman-setup.sh >&2
  export WHETSTONE_BASE_IMAGE="${WHETSTONE_BASE_IMAGE:-localhost/whetstone-base:bookworm}"
  [ -f /sys/fs/cgroup/cgroup.controllers ] || export JUDGE_CGROUP="${JUDGE_CGROUP:-/run/whetstone-judge}"
  # A TLS-intercepting proxy's CA for the builds (deploy/docker/build-ca/README.md).
  ca="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
  [ -f "$ca" ] && cp "$ca" deploy/docker/build-ca/ca-certificates.crt
  compose=(.tools/podman-compose/bin/podman-compose -f docker-compose.yml -f docker-compose.podman.yml)
  # One build at a time: later ones reuse the shared layers instead of racing to make them.
  build=(.tools/podman-compose/bin/podman-compose --parallel 1 "${compose[@]:1}" build)
fi

if [ "${1:-}" != up ]; then
  exec "${compose[@]}" "$@"
fi
say "building images (cached)"
"${build[@]}" >&2
say "starting PostgreSQL, Redis and the broker"
"${compose[@]}" up -d postgres redis kafka >&2
for _ in $(seq 60); do
  "${compose[@]}" exec -T postgres pg_isready -q -h 127.0.0.1 -U whetstone 2>/dev/null && break
  sleep 1
done
say "migrations, then the content pack"
"${compose[@]}" run --rm --no-deps migrate >&2
"${compose[@]}" run --rm --no-deps content-pack >&2
say "the six services"
"${compose[@]}" up -d --no-deps gateway identity content practice evaluation coach >&2
say "up: the gateway is http://127.0.0.1:${GATEWAY_PUBLISHED_PORT:-8000}"
