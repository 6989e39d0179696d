#!/usr/bin/env bash
# System packages the platform and its tests need (Debian): bubblewrap for the code sandbox,
# chromium for the browser test of the API reference (/docs), promtool (Debian's `prometheus`) for
# the alert rules' tests (make check-deploy). Installs only what is missing.
set -euo pipefail
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: run 'sudo apt-get install -y ${missing[*]}'" >&2
  # Only the sandbox is needed to run; without chromium the browser test skips.
  command -v bwrap >/dev/null 2>&1 || exit 1
  exit 0
fi
echo "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Only promtool is wanted: where systemd runs, keep the packaged server from holding :9090.
if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
