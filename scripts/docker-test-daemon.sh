#!/usr/bin/env bash
# Starts a private Docker daemon for the test suites when none is reachable.
#   scripts/docker-test-daemon.sh start   -> prints the DOCKER_HOST to use (last line of stdout)
#   scripts/docker-test-daemon.sh stop    -> stops only the daemon this script started (by pid)
# A private socket and data root keep the tests away from any daemon the developer already runs.
# With DOCKSCOPE_DOCKER_OWNER set, `stop` only stops a daemon that a `start` with the same owner
# launched, so a CI run that reused a developer's daemon leaves it running.
set -euo pipefail

state_dir="${DOCKSCOPE_DOCKER_STATE:-/tmp/dockscope-docker}"
socket="unix://${state_dir}/docker.sock"
pid_file="${state_dir}/dockerd.pid"
owner_file="${state_dir}/owner"
owner="${DOCKSCOPE_DOCKER_OWNER:-}"
docker_cli=/usr/bin/docker

log() { echo "docker-test-daemon: $*" >&2; }

reachable() {
  local host="$1"
  [ -x "$docker_cli" ] || return 1
  DOCKER_HOST="$host" timeout 10 "$docker_cli" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
}

install_packages() {
  local missing=()
  [ -x /usr/sbin/dockerd ] && [ -x /usr/bin/docker ] || missing+=(docker.io)
  [ -x /bin/busybox ] || [ -x /usr/bin/busybox ] || missing+=(busybox-static)
  command -v skopeo >/dev/null 2>&1 || missing+=(skopeo)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# The engine tests start their own dockerd with TLS (certificates made with openssl) and an sshd
# on loopback; they need these whether or not a daemon is already running.
install_engine_packages() {
  local missing=()
  [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1 && command -v ssh-agent >/dev/null 2>&1 || missing+=(openssh-server openssh-client)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${missing[@]}" >&2
  fi
}

start() {
  install_engine_packages
  if [ -n "${DOCKER_HOST:-}" ] && reachable "$DOCKER_HOST"; then
    log "using the reachable daemon at $DOCKER_HOST"
    echo "$DOCKER_HOST"
    return
  fi
  install_packages
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null && reachable "$socket"; then
    log "test daemon already running (pid $(cat "$pid_file"))"
    echo "$socket"
    return
  fi
  mkdir -p "$state_dir/data" "$state_dir/exec"
  rm -f "${state_dir}/docker.sock"
  # setsid: the daemon must outlive the shell that started it (CI runs this in a subshell).
  setsid /usr/sbin/dockerd --host "$socket" --data-root "$state_dir/data" --exec-root "$state_dir/exec" \
    --pidfile "$state_dir/dockerd.real.pid" --iptables=false --bridge=none \
    >"$state_dir/dockerd.log" 2>&1 < /dev/null &
  echo $! >"$pid_file"
  echo "$owner" >"$owner_file"
  for _ in $(seq 1 60); do
    if reachable "$socket"; then
      log "test daemon up at $socket (pid $(cat "$pid_file"), log $state_dir/dockerd.log)"
      echo "$socket"
      return
    fi
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then break; fi
    sleep 0.5
  done
  log "dockerd did not come up; last log lines:"
  tail -n 20 "$state_dir/dockerd.log" >&2 || true
  exit 1
}

stop() {
  [ -f "$pid_file" ] || { log "no daemon started by this script"; return; }
  if [ -n "$owner" ] && [ "$(cat "$owner_file" 2>/dev/null)" != "$owner" ]; then
    log "leaving the daemon running: it was not started by this run"
    return
  fi
  local pid
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "stopped test daemon (pid $pid)"
  fi
  rm -f "$pid_file"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
