#!/usr/bin/env bash
# System packages the platform and its tests need (Debian): bubblewrap for the code sandbox.
set -euo pipefail
if command -v bwrap >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "bubblewrap is missing: run 'sudo apt-get install -y bubblewrap'" >&2
  exit 1
fi
echo "installing bubblewrap"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq bubblewrap >/dev/null
