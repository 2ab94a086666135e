#!/usr/bin/env bash
# Installs what `npm run bench` needs from Debian and never fetches at run time:
# dumb-init and tini (the inits we compare with), gcc and libc6-dev (the C fixtures in bench/c/
# are compiled at bench time), util-linux (unshare, to run each init as a real PID 1).
# Usage (as root): bash bench/setup.sh     Then optionally: bash bench/setup-nodes.sh
set -euo pipefail
need=()
for pair in dumb-init:dumb-init tini:tini gcc:gcc unshare:util-linux; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
# Static linking of the fixtures needs libc.a; without it they are linked dynamically.
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -f /usr/lib/libc.a ] || need+=(libc6-dev)
if [ ${#need[@]} -eq 0 ]; then
  echo "bench/setup.sh: dumb-init, tini, gcc and unshare are installed"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
