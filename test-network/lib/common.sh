# Shared helpers for the test-network scripts: settings, logging, process control, readiness.
# Sourced, never executed. Every knob can be overridden from the environment.

ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
: "${SILKROAD_RUN:=$ROOT/.run}"                      # all run-time state: keys, ledgers, logs, pids
: "${SILKROAD_CACHE:=$HOME/.cache/silkroad}"         # downloaded and built tools, outside the repo
# A network remembers the settings it was created with, so that status/down/up on it need no flags.
[[ -f $SILKROAD_RUN/settings.env ]] && . "$SILKROAD_RUN/settings.env"
: "${SILKROAD_CHANNEL:=silkroad}"
: "${SILKROAD_CHAINCODE:=silkroad}"
: "${SILKROAD_STATES:=CN MY RW}"                     # founding member states, ISO 3166 alpha-2
# Every state that has been a member, in the order they came: a state keeps its place (its ports) for the network's
# life, and one that left keeps its pairs of private data collections (lib/leave.sh).
: "${SILKROAD_STATE_SLOTS:=$SILKROAD_STATES}"
: "${SILKROAD_CONSENSUS:=BFT}"                       # BFT (SmartBFT, 4 consenters) or etcdraft (3 nodes)
: "${SILKROAD_HOST:=127.0.0.1}"                      # every process binds here
: "${SILKROAD_DEADLINE:=90}"                         # seconds a process may take to become healthy
: "${SILKROAD_BENCH_USERS:=0}"                       # extra business identities per state (bench-001 ...)
: "${FABRIC_VERSION:=3.1.5}"
: "${FABRIC_COMMIT:=86c1172bec37e6590c6b1ae6f847833df48d65fc}"
: "${FABRIC_CA_VERSION:=1.5.21}"
: "${SILKROAD_FABRIC_HOME:=$SILKROAD_CACHE/fabric-$FABRIC_VERSION}"     # bin/ and config/
: "${SILKROAD_FABRIC_CA_HOME:=$SILKROAD_CACHE/fabric-ca-$FABRIC_CA_VERSION}"
# JVM flags of the chaincode services and the gateways (each adds its heap size). Both compile with C1 and then C2,
# as a node that runs for days should: C2 cut the REST gateway's own CPU per payment by about a quarter (10 -> 7 ms)
# and the chaincode services' by about as much (3.1-4.7 -> 2.1-3.6 ms in session 6, 2.4-3.3 -> 1.9 ms in session 8;
# ops bench after its settle), for ~30-55 MB more per service. The test command runs the chaincode services with C1 only (TieredStopAtLevel=1, set in
# test.sh): its loads are short, and C2's compilations would not pay back within them.
: "${SILKROAD_JAVA_OPTS:=-XX:+UseSerialGC -Xss512k}"
: "${SILKROAD_CHAINCODE_JIT_OPTS:=-XX:TieredStopAtLevel=4}"

LOG_DIR="$SILKROAD_RUN/logs"
PID_DIR="$SILKROAD_RUN/pids"
FABRIC_BIN="$SILKROAD_FABRIC_HOME/bin"
FABRIC_CONFIG="$SILKROAD_FABRIC_HOME/config"
CA_BIN="$SILKROAD_FABRIC_CA_HOME/bin"
# The full output of every step goes here; the terminal gets one line per step.
: "${SILKROAD_LOG:=$LOG_DIR/network.log}"

_ts() { date -u +%H:%M:%S; }
log_info() { printf '%s %s\n' "$(_ts)" "$*"; [[ -d $LOG_DIR ]] && printf '%s INFO %s\n' "$(_ts)" "$*" >>"$SILKROAD_LOG"; return 0; }
log_warn() { printf '%s WARN %s\n' "$(_ts)" "$*" >&2; [[ -d $LOG_DIR ]] && printf '%s WARN %s\n' "$(_ts)" "$*" >>"$SILKROAD_LOG"; return 0; }
die() { printf '%s ERROR %s\n' "$(_ts)" "$*" >&2; [[ -d $LOG_DIR ]] && printf '%s ERROR %s\n' "$(_ts)" "$*" >>"$SILKROAD_LOG"; exit 1; }

# Run a command with its output in the log file only; on failure show the tail of the log.
quiet() {
  mkdir -p "$LOG_DIR"
  # Secrets (enrollment secrets, passwords in URLs) never reach the log.
  printf '%s $ %s\n' "$(_ts)" "$*" | sed -E -e 's/(--id\.secret) [^ ]+/\1 ***/g' -e 's/(-b [^ :]+):[^ ]+/\1:***/g' -e 's#(https?://[^:/ ]+):[^@ ]+@#\1:***@#g' >>"$SILKROAD_LOG"
  if ! "$@" >>"$SILKROAD_LOG" 2>&1; then
    log_warn "command failed: $*  (last lines of $SILKROAD_LOG follow)"
    tail -n 25 "$SILKROAD_LOG" >&2
    return 1
  fi
}

lower() { tr '[:upper:]' '[:lower:]' <<<"$1"; }
msp_id() { echo "${1}MSP"; }
state_domain() { echo "$(lower "$1").silkroad.test"; }

# Index of a state in SILKROAD_STATE_SLOTS; ports derive from it so that states never collide, not even with one
# that left.
state_index() {
  local i=0 s
  for s in $SILKROAD_STATE_SLOTS; do [[ $s == "$1" ]] && { echo "$i"; return; }; i=$((i + 1)); done
  die "unknown state $1 (SILKROAD_STATE_SLOTS=$SILKROAD_STATE_SLOTS)"
}
# Port plan: state i uses 7000+1000*i .. ; the nth orderer of a state adds 100*n.
: "${SILKROAD_PORT_BASE:=7000}"
port_base() { echo $((SILKROAD_PORT_BASE + 1000 * $(state_index "$1"))); }
ca_port() { echo $(($(port_base "$1") + 54)); }
ca_ops_port() { echo $(($(port_base "$1") + 56)); }
peer_port() { echo $(($(port_base "$1") + 51)); }
peer_cc_port() { echo $(($(port_base "$1") + 52)); }
peer_ops_port() { echo $(($(port_base "$1") + 46)); }
chaincode_port() { echo $(($(port_base "$1") + 59 - ${2:-$(chaincode_slot)})); }  # chaincode_port STATE [SLOT]
orderer_port() { echo $(($(port_base "$1") + 50 + 100 * $2)); }
orderer_admin_port() { echo $(($(port_base "$1") + 53 + 100 * $2)); }
orderer_ops_port() { echo $(($(port_base "$1") + 43 + 100 * $2)); }
: "${SILKROAD_GATEWAY_PORT_BASE:=8080}"
gateway_port() { echo $((SILKROAD_GATEWAY_PORT_BASE + 1 + $(state_index "$1"))); }

# Orderer placement: "STATE:N" pairs. SmartBFT with 4 consenters tolerates 1 fault and needs a
# quorum of 3, so no state may hold 3 of them; Raft with 3 nodes needs 2, so one per state. A network keeps the
# placement it started with (SILKROAD_ORDERER_NODES, in its settings.env), plus the consenters added since
# (silkroad.sh add-orderer): a state that joins runs none until then.
: "${SILKROAD_ORDERER_NODES:=}"
orderer_nodes() {
  if [[ -n $SILKROAD_ORDERER_NODES ]]; then
    echo "$SILKROAD_ORDERER_NODES"
  elif [[ $SILKROAD_CONSENSUS == BFT ]]; then
    local states=($SILKROAD_STATES)
    echo "${states[0]}:0 ${states[0]}:1 ${states[1]}:0 ${states[2]}:0"
  else
    local s; for s in $SILKROAD_STATES; do printf '%s:0 ' "$s"; done; echo
  fi
}
orderer_name() { echo "osn$2.$(state_domain "$1")"; }
peer_name() { echo "peer0.$(state_domain "$1")"; }

# ---- processes ------------------------------------------------------------------------------

pid_of() { [[ -f $PID_DIR/$1.pid ]] && cat "$PID_DIR/$1.pid"; }
# Alive and not a zombie: a killed node whose parent is gone may linger unreaped as "Z".
is_running() {
  local pid state
  pid=$(pid_of "$1") && [[ -n $pid ]] || return 1
  state=$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
  [[ -n $state && $state != Z ]]
}

# start_process NAME WORKDIR CMD...  (environment comes from the caller's exported variables)
# Runs in its own session so that `down` can stop it and everything it spawned, by pid.
start_process() {
  local name=$1 dir=$2; shift 2
  mkdir -p "$PID_DIR" "$LOG_DIR" "$dir"
  if is_running "$name"; then log_info "$name already running (pid $(pid_of "$name"))"; return 0; fi
  (cd "$dir" && exec setsid "$@" </dev/null >>"$LOG_DIR/$name.log" 2>&1) &
  echo $! >"$PID_DIR/$name.pid"
}

stop_process() {
  local name=$1 pid deadline
  pid=$(pid_of "$name") || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 15))
    while is_running "$name" && ((SECONDS < deadline)); do sleep 0.2; done
    is_running "$name" && { kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$PID_DIR/$name.pid"
}

# ---- readiness ------------------------------------------------------------------------------

# wait_until DEADLINE_SECONDS CMD... : poll CMD until it succeeds or the deadline passes (the caller says why).
wait_until() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.3
  done
}

# wait_for_healthz NAME URL [DEADLINE] : the process must stay alive and its health endpoint answer 200.
wait_for_healthz() {
  local name=$1 url=$2 deadline=$((SECONDS + ${3:-$SILKROAD_DEADLINE}))
  while ((SECONDS < deadline)); do
    is_running "$name" || { tail -n 30 "$LOG_DIR/$name.log" >&2; die "$name exited while starting (log: $LOG_DIR/$name.log)"; }
    curl -fsS -k --max-time 2 "$url" >/dev/null 2>&1 && return 0
    sleep 0.3
  done
  tail -n 30 "$LOG_DIR/$name.log" >&2
  die "$name not healthy at $url after ${3:-$SILKROAD_DEADLINE} s (log: $LOG_DIR/$name.log)"
}

wait_for_port() {
  local name=$1 port=$2 deadline=$((SECONDS + ${3:-$SILKROAD_DEADLINE}))
  while ((SECONDS < deadline)); do
    is_running "$name" || { tail -n 30 "$LOG_DIR/$name.log" >&2; die "$name exited while starting (log: $LOG_DIR/$name.log)"; }
    (exec 3<>"/dev/tcp/$SILKROAD_HOST/$port") 2>/dev/null && return 0
    sleep 0.3
  done
  die "$name not listening on $SILKROAD_HOST:$port after ${3:-$SILKROAD_DEADLINE} s (log: $LOG_DIR/$name.log)"
}

port_in_use() { (exec 3<>"/dev/tcp/$SILKROAD_HOST/$1") 2>/dev/null; }
