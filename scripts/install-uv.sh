#!/usr/bin/env bash
# Puts uv in .tools/uv/bin when no uv is on PATH. A stock Debian 12 refuses pip into the system
# Python (externally-managed-environment), so uv goes into a venv of its own; Debian's venv
# module is the python3-venv package. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/uv"
command -v uv >/dev/null 2>&1 && exit 0
[ -x "$venv/bin/uv" ] && exit 0
echo "installing uv into $venv"
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  rm -rf "$venv"
  if [ "$(id -u)" -ne 0 ]; then
    echo "python3 cannot make a venv: run 'sudo apt-get install -y python3-venv'" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check uv
"$venv/bin/uv" --version
