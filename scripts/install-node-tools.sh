#!/usr/bin/env bash
# Installs a pinned set of Node tools with `npm ci` from its lock. Idempotent: does nothing
# when the installed lock matches and the set's key file is there.
#   scripts/install-node-tools.sh             tools/node -> .tools/node: esbuild, which
#                                             transpiles TypeScript in the sandbox (the
#                                             evaluation image installs this set only)
#   scripts/install-node-tools.sh deploycheck tools/deploycheck/node -> .tools/deploycheck-node:
#                                             Strimzi's CRD schemas for make check-deploy
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-sandbox}" in
  sandbox)
    source="$root/tools/node"
    target="$root/.tools/node"
    case "$(uname -m)" in
      x86_64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "no pinned esbuild for $(uname -m)" >&2; exit 1 ;;
    esac
    # The sandbox runs the platform binary directly (SandboxConfig.esbuild_bin's default).
    key="$target/node_modules/@esbuild/linux-$arch/bin/esbuild"
    ;;
  deploycheck)
    source="$root/tools/deploycheck/node"
    target="$root/.tools/deploycheck-node"
    key="$target/node_modules/@kubernetes-models/strimzi-kafka-operator/package.json"
    ;;
  *) echo "usage: $0 [sandbox|deploycheck]" >&2; exit 2 ;;
esac
if [ -e "$key" ] && cmp -s "$source/package-lock.json" "$target/package-lock.json"; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js (apt-get install -y nodejs npm)" >&2; exit 1; }
echo "installing Node tools into ${target#"$root/"}"
rm -rf "$target"
mkdir -p "$target"
cp "$source/package.json" "$source/package-lock.json" "$target/"
# --ignore-scripts: esbuild's install script only copies the binary we call in place anyway;
# nothing in the deploycheck set has an install script.
(cd "$target" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
if [ "${1:-sandbox}" = sandbox ]; then
  "$key" --version >/dev/null
else
  test -e "$key"
fi
