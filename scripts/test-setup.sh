#!/usr/bin/env bash
# Installs the tools the test suites use besides Node and Docker: Debian's `shellcheck` package,
# which the ShellCheck tests run for real (with CI=true they fail without it; elsewhere they skip).
# .ci/run calls this before `npm test`; run it by hand to get the same suites locally.
set -euo pipefail

log() { echo "test-setup: $*" >&2; }

missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
if [ "${#missing[@]}" -eq 0 ]; then
  log "shellcheck $(shellcheck --version | sed -n 's/^version: //p') already installed"
  exit 0
fi
log "installing ${missing[*]} with apt"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${missing[@]}" >&2
