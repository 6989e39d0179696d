#!/usr/bin/env bash
# Installs the pinned Node tools of tools/node (esbuild, which transpiles TypeScript in the
# sandbox) into .tools/node. Idempotent: does nothing when the installed lock matches.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/.tools/node"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "no pinned esbuild for $(uname -m)" >&2; exit 1 ;;
esac
# The sandbox runs the platform binary directly (SandboxConfig.esbuild_bin's default).
esbuild="$target/node_modules/@esbuild/linux-$arch/bin/esbuild"
if [ -x "$esbuild" ] && cmp -s "$root/tools/node/package-lock.json" "$target/package-lock.json"; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js (apt-get install -y nodejs npm)" >&2; exit 1; }
echo "installing Node tools into .tools/node"
rm -rf "$target"
mkdir -p "$target"
cp "$root/tools/node/package.json" "$root/tools/node/package-lock.json" "$target/"
# --ignore-scripts: esbuild's install script only copies the binary we call in place anyway.
(cd "$target" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
"$esbuild" --version >/dev/null
