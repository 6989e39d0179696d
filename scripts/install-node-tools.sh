#!/usr/bin/env bash
# Installs the pinned Node tools of tools/node (esbuild, to transpile TypeScript) into .tools/node.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/.tools/node"
if [ -x "$target/node_modules/.bin/esbuild" ] && cmp -s "$root/tools/node/package-lock.json" "$target/package-lock.json"; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js (apt-get install -y nodejs npm)" >&2; exit 1; }
echo "installing Node tools into .tools/node"
mkdir -p "$target"
cp "$root/tools/node/package.json" "$root/tools/node/package-lock.json" "$target/"
(cd "$target" && npm ci --no-audit --no-fund --loglevel=error)
