#!/usr/bin/env bash
# Silkroad Ledger local network: three member states (CN, MY, RW) on one machine, native processes.
#   up       install Fabric if needed, build, start CAs, orderers, peers, chaincode services, gateways
#   down     stop every process this network started (by pid) and delete its run folder
#   status   processes, health and channel height
#   logs     list log files, or print one: logs NAME [-f]
#   test     run the whole test suite (unit tests, then integration tests against the real network)
#   enroll   a new caller of a state's gateway on the running network: enroll STATE NAME ROLE
#   rekey    a new key, certificate and API key for a caller whose key leaked, or to renew its certificate; the
#            old certificate revoked: rekey STATE NAME [REASON]
#   revoke   shut a caller out on the running network: revoke STATE NAME [REASON]
#   renew    new certificates for a state's CA (TLS), registrar, admin, chaincode service, peer, orderers and
#            gateway before they expire, on the running network, one process at a time: renew STATE
#   join     a new member state on the running network, admitted by a majority of the member states: its CA,
#            peer, chaincode service and gateway, and a chaincode definition with it: join STATE
#   add-orderer  a new BFT consenter of a state (a state that joined runs none), admitted by a majority of the
#            orderer states: add-orderer STATE
#   remove-orderer  a state's BFT consenter osnN (by default its last-added) leaves the ordering service, by a
#            majority of the orderer states: remove-orderer STATE [N]
#   leave    a member state leaves the running network, or is expelled, by a majority of the member states: its
#            consenters, its organisation, a chaincode definition without it; its files stay: leave STATE
#   upgrade  new chaincode on the running network without a pause, a given jar or the one built from this
#            checkout: started beside the running one, approved by every member state, committed; then the old
#            services stop; --abort calls off one not yet committed (lib/upgrade.sh): upgrade [JAR | --abort]
#   sign-update  a state's admin reads what a configuration update changes and signs it (SILKROAD_SIGNING=rounds,
#            lib/signing.sh): sign-update FILE STATE
#   approve  a state's admin reads the chaincode definition a signing round waits for and approves it on the state's
#            peer (SILKROAD_SIGNING=rounds, lib/chaincode.sh): approve STATE
#   install  install Fabric and Fabric CA only
# Every setting is an environment variable with a default: see test-network/lib/common.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
for lib in common install ca channel signing nodes chaincode gateway identities renew join leave upgrade; do
  . "$ROOT/test-network/lib/$lib.sh"
done

UP_MARKER="$SILKROAD_RUN/.up-complete"

# Every process of the network, in start order.
all_processes() {
  local st node
  for st in $SILKROAD_STATES; do echo "ca-$st"; done
  for node in $(orderer_nodes); do echo "orderer-${node%%:*}-${node##*:}"; done
  for st in $SILKROAD_STATES; do echo "peer-$st"; done
  for st in $SILKROAD_STATES; do chaincode_process "$st"; done
  for st in $SILKROAD_STATES; do echo "gateway-$st"; done
}

# check_ports_free [STATE]: the ports of every state and orderer, or of STATE's processes only (a state that joins).
check_ports_free() {
  local st node port
  local ports=()
  for st in ${1:-$SILKROAD_STATES}; do
    ports+=("$(ca_port "$st")" "$(ca_ops_port "$st")" "$(peer_port "$st")" "$(peer_cc_port "$st")" \
            "$(peer_ops_port "$st")" "$(chaincode_port "$st")" "$(gateway_port "$st")")
  done
  [[ -n ${1:-} ]] || for node in $(orderer_nodes); do
    ports+=("$(orderer_port "${node%%:*}" "${node##*:}")" "$(orderer_admin_port "${node%%:*}" "${node##*:}")" \
            "$(orderer_ops_port "${node%%:*}" "${node##*:}")")
  done
  for port in "${ports[@]}"; do
    port_in_use "$port" && die "port $port on $SILKROAD_HOST is already in use (set SILKROAD_PORT_BASE / SILKROAD_GATEWAY_PORT_BASE to move the network)"
  done
  return 0
}

start_state_cas() {
  local st
  for st in $SILKROAD_STATES; do start_ca "$st"; done
  for st in $SILKROAD_STATES; do wait_ca "$st"; done
}

start_ordering_service() {
  local node
  for node in $(orderer_nodes); do start_orderer "${node%%:*}" "${node##*:}"; done
  for node in $(orderer_nodes); do wait_orderer "${node%%:*}" "${node##*:}"; done
}

start_peers() {
  local st
  for st in $SILKROAD_STATES; do start_peer "$st"; done
  for st in $SILKROAD_STATES; do wait_peer "$st"; done
}

start_gateways() {
  local st
  for st in $SILKROAD_STATES; do start_gateway "$st"; done
  for st in $SILKROAD_STATES; do wait_gateway "$st"; done
}

SETTINGS="SILKROAD_CHANNEL SILKROAD_CHAINCODE SILKROAD_STATES SILKROAD_STATE_SLOTS SILKROAD_ORDERER_NODES SILKROAD_CONSENSUS SILKROAD_HOST SILKROAD_PORT_BASE SILKROAD_GATEWAY_PORT_BASE SILKROAD_BENCH_USERS"

# The states' explorer databases other than the default H2 file (lib/gateway.sh), kept so that restarts use them.
explorer_settings() {
  local st v
  for st in $SILKROAD_STATES; do
    v="SILKROAD_EXPLORER_JDBC_URL_$st"
    [[ -z ${!v:-} ]] || echo "$v"
  done
}

save_settings() {
  local v
  for v in $SETTINGS $(explorer_settings); do printf '%s=%q\n' "$v" "${!v}"; done >"$SILKROAD_RUN/settings.env"
}

bootstrap() {
  local started=$SECONDS st v
  check_ports_free
  SILKROAD_ORDERER_NODES=$(orderer_nodes)
  save_settings
  install_all
  build_jars
  log_info "Starting the certificate authorities of $SILKROAD_STATES"
  start_state_cas
  log_info "Enrolling nodes, admins and demo users with each state's CA"
  # States enroll with their own CAs, so they can do it side by side.
  local pids=() failed=0 p
  for st in $SILKROAD_STATES; do (enroll_state "$st") & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  ((failed == 0)) || die "enrollment failed (see $SILKROAD_LOG)"
  log_info "Creating channel $SILKROAD_CHANNEL ($SILKROAD_CONSENSUS) and starting orderers: $(orderer_nodes)"
  create_genesis_block
  start_ordering_service
  join_orderers
  log_info "Starting peers and joining them to $SILKROAD_CHANNEL"
  start_peers
  for st in $SILKROAD_STATES; do join_peer "$st"; done
  log_info "Deploying chaincode $SILKROAD_CHAINCODE as a service"
  deploy_chaincode
  package_id >"$(cc_dir)/package-id"
  log_info "Waiting until every peer sees the other states' peers (gossip)"
  wait_gossip
  log_info "Starting one REST gateway per state"
  start_gateways
  write_network_json
  touch "$UP_MARKER"
  log_info "Network up in $((SECONDS - started)) s"
}

# A network that was up before: restart whatever is not running (a crash, a killed node).
resume() {
  local missing=() p
  for p in $(all_processes); do is_running "$p" || missing+=("$p"); done
  if ((${#missing[@]} == 0)); then log_info "Network already up; nothing to do"; return 0; fi
  log_info "Restarting: ${missing[*]}"
  local id; id=$(cat "$(cc_dir)/package-id")
  for p in "${missing[@]}"; do
    case $p in
      ca-*) start_ca "${p#ca-}"; wait_ca "${p#ca-}" ;;
      orderer-*) local x=${p#orderer-}; start_orderer "${x%-*}" "${x##*-}"; wait_orderer "${x%-*}" "${x##*-}" ;;
      peer-*) start_peer "${p#peer-}"; wait_peer "${p#peer-}" ;;
      chaincode-*) local cs=${p#chaincode-}; cs=${cs%%-*}
        start_chaincode_service "$cs" "$id"; wait_for_port "$p" "$(chaincode_port "$cs")" ;;
      gateway-*) start_gateway "${p#gateway-}"; wait_gateway "${p#gateway-}" ;;
    esac
  done
  wait_gossip
}

# A join, an orderer's addition or a departure cut short is finished (by the same command again) before anything else
# changes the network: check_unfinished [COMMAND], COMMAND the one that may finish its own.
check_unfinished() {
  [[ ${1:-} == join || ! -f $(joining_marker) ]] ||
    die "$(cat "$(joining_marker)") has not finished joining: silkroad.sh join $(cat "$(joining_marker)")"
  [[ ${1:-} == add-orderer || ! -f $(adding_marker) ]] || die "orderer $(cat "$(adding_marker)") is not added yet:" \
    "silkroad.sh add-orderer $(cut -d: -f1 "$(adding_marker)")"
  [[ ${1:-} == leave || ! -f $(leaving_marker) ]] ||
    die "$(cat "$(leaving_marker)") has not finished leaving: silkroad.sh leave $(cat "$(leaving_marker)")"
  [[ ${1:-} == upgrade || ! -f $(upgrading_marker) ]] ||
    die "the chaincode upgrade is not finished: silkroad.sh upgrade"
}

cmd_up() {
  if [[ -f $UP_MARKER ]]; then
    mkdir -p "$LOG_DIR"
    check_unfinished
    resume
  else
    if [[ -d $PID_DIR || -f $SILKROAD_RUN/settings.env ]]; then
      # An incomplete or stopped earlier network: clear it, then start over with this environment's
      # settings rather than the ones it recorded.
      log_info "Clearing the earlier, incomplete network in $SILKROAD_RUN"
      stop_all; rm -rf "$SILKROAD_RUN"
      exec "$0" up
    fi
    mkdir -p "$LOG_DIR"
    bootstrap
  fi
  print_access
}

stop_all() {
  local p procs; procs=$(all_processes | tac)
  for p in $procs; do stop_process "$p"; done
  # Anything else with a pid file (e.g. started by an older layout) goes too.
  local f
  for f in "$PID_DIR"/*.pid; do [[ -e $f ]] && stop_process "$(basename "$f" .pid)"; done
  return 0
}

cmd_down() {
  [[ -d $SILKROAD_RUN ]] || { log_info "No network in $SILKROAD_RUN"; return 0; }
  stop_all
  if [[ ${1:-} == --keep ]]; then
    rm -f "$UP_MARKER"; log_info "Stopped; run folder kept in $SILKROAD_RUN (the next up starts clean)"
  else
    rm -rf "$SILKROAD_RUN"; log_info "Stopped and removed $SILKROAD_RUN"
  fi
}

cmd_status() {
  [[ -d $SILKROAD_RUN ]] || { echo "No network in $SILKROAD_RUN"; return 1; }
  local p pid rss state rc=0
  printf '%-22s %-8s %-9s %s\n' PROCESS PID RSS_MB STATE
  for p in $(all_processes); do
    pid=$(pid_of "$p" || true)
    if is_running "$p"; then
      rss=$(ps -o rss= --ppid "$pid" -p "$pid" 2>/dev/null | awk '{s+=$1} END {printf "%.0f", s/1024}')
      state=running
    else
      rss=-; state=stopped; rc=1
    fi
    printf '%-22s %-8s %-9s %s\n' "$p" "${pid:--}" "$rss" "$state"
  done
  local st
  for st in $SILKROAD_STATES; do
    is_running "peer-$st" && printf 'peer %s: channel %s height %s\n' "$st" "$SILKROAD_CHANNEL" "$(channel_height "$st" || echo '?')"
  done
  return $rc
}

cmd_logs() {
  if [[ $# -eq 0 ]]; then ls -1 "$LOG_DIR"; return; fi
  local f="$LOG_DIR/$1.log"; [[ -f $f ]] || f="$LOG_DIR/$1"
  [[ -f $f ]] || die "no log $1 in $LOG_DIR"
  if [[ ${2:-} == -f ]]; then tail -n 100 -f "$f"; else tail -n 200 "$f"; fi
}

cmd_test() { exec "$ROOT/test-network/test.sh" "$@"; }

# A state's operator changes its own callers on the running network, alone (lib/identities.sh): enroll a new one,
# re-key one whose key leaked (the old certificate revoked, the name, role and wallet kept), or revoke one for good.
# The gateway takes the change in without a restart; a revocation reaches every peer and orderer in one
# configuration block the state's admin signs alone, after which a revoked certificate is refused everywhere.
require_state_up() {  # require_state_up STATE
  [[ " $SILKROAD_STATES " == *" $1 "* ]] || die "no state $1 in this network ($SILKROAD_STATES)"
  [[ -f $UP_MARKER ]] && is_running "ca-$1" && is_running "peer-$1" ||
    die "the network in $SILKROAD_RUN is not up (test-network/silkroad.sh up)"
  mkdir -p "$LOG_DIR"
}

# The network as a whole, for what the member states do together (join, leave, remove-orderer): the state concerned
# need not run.
require_network_up() {
  [[ -f $UP_MARKER ]] && is_running "peer-${SILKROAD_STATES%% *}" ||
    die "the network in $SILKROAD_RUN is not up (test-network/silkroad.sh up)"
  mkdir -p "$LOG_DIR"
}

cmd_enroll() {
  [[ $# -eq 3 ]] || die "usage: silkroad.sh enroll STATE NAME ROLE   (ROLE: ${CALLER_ROLES// /, })"
  require_state_up "$1"
  enroll_caller "$@"
}

# Reasons (rekey, revoke) are the CA's: keycompromise (the default), superseded (a renewal), affiliationchange,
# cessationofoperation, privilegewithdrawn, ...
cmd_rekey() {
  [[ $# -ge 2 && $# -le 3 ]] || die "usage: silkroad.sh rekey STATE NAME [REASON]"
  require_state_up "$1"
  rekey_caller "$1" "$2" "${3:-keycompromise}"
}

cmd_revoke() {
  [[ $# -ge 2 && $# -le 3 ]] || die "usage: silkroad.sh revoke STATE NAME [REASON]"
  require_state_up "$1"
  revoke_caller "$1" "$2" "${3:-keycompromise}"
}

# A state's operator renews the certificates of its own processes (lib/renew.sh); an orderer's go into the channel in
# an update that a majority of the orderer states' admins sign.
cmd_renew() {
  [[ $# -eq 1 ]] || die "usage: silkroad.sh renew STATE"
  require_state_up "$1"
  renew_state "$1"
}

# The member states admit a new one (lib/join.sh): a majority of their admins sign its entry into the channel.
cmd_join() {
  [[ $# -eq 1 ]] || die "usage: silkroad.sh join STATE   (ISO 3166 alpha-2, e.g. BE)"
  require_network_up
  check_unfinished join
  join_state "$1"
}

cmd_add_orderer() {
  [[ $# -eq 1 ]] || die "usage: silkroad.sh add-orderer STATE"
  require_state_up "$1"
  check_unfinished add-orderer
  add_orderer "$1"
}

cmd_remove_orderer() {
  [[ $# -eq 1 || $# -eq 2 ]] || die "usage: silkroad.sh remove-orderer STATE [N]"
  require_network_up
  [[ " $SILKROAD_STATES " == *" $1 "* ]] || die "no state $1 in this network ($SILKROAD_STATES)"
  [[ $# -eq 1 || $2 =~ ^[0-9]+$ ]] || die "N is the number of the state's orderer node (osnN): $2"
  check_unfinished
  remove_state_orderer "$@"
}

# The member states let one go, or expel it (lib/leave.sh): a majority of their admins sign, the others first.
cmd_leave() {
  [[ $# -eq 1 ]] || die "usage: silkroad.sh leave STATE"
  require_network_up
  check_unfinished leave
  leave_state "$1"
}

# New chaincode on the running network, the old code serving until the new definition's block (lib/upgrade.sh).
cmd_upgrade() {
  [[ $# -le 1 ]] || die "usage: silkroad.sh upgrade [JAR | --abort]"
  require_network_up
  check_unfinished upgrade
  if [[ ${1:-} == --abort ]]; then abort_upgrade; else upgrade_chaincode "$@"; fi
}

# A state's operator signs an update another state's command wrote (SILKROAD_SIGNING=rounds): each signs with its own
# admin's key, on its own machine.
cmd_sign_update() {
  [[ $# -eq 2 ]] || die "usage: silkroad.sh sign-update FILE STATE"
  [[ " $SILKROAD_STATES " == *" $2 "* ]] || die "no state $2 in this network ($SILKROAD_STATES)"
  mkdir -p "$LOG_DIR"
  sign_update "$1" "$2"
}

# A state's operator approves the chaincode definition another state's command proposed (SILKROAD_SIGNING=rounds), on
# its own peer with its own admin.
cmd_approve() {
  [[ $# -eq 1 ]] || die "usage: silkroad.sh approve STATE"
  [[ " $SILKROAD_STATES " == *" $1 "* ]] || die "no state $1 in this network ($SILKROAD_STATES)"
  mkdir -p "$LOG_DIR"
  approve_pending "$1"
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down "$@" ;;
  status) shift; cmd_status "$@" ;;
  logs) shift; cmd_logs "$@" ;;
  test) shift; cmd_test "$@" ;;
  enroll) shift; cmd_enroll "$@" ;;
  rekey) shift; cmd_rekey "$@" ;;
  revoke) shift; cmd_revoke "$@" ;;
  renew) shift; cmd_renew "$@" ;;
  join) shift; cmd_join "$@" ;;
  add-orderer) shift; cmd_add_orderer "$@" ;;
  remove-orderer) shift; cmd_remove_orderer "$@" ;;
  leave) shift; cmd_leave "$@" ;;
  upgrade) shift; cmd_upgrade "$@" ;;
  sign-update) shift; cmd_sign_update "$@" ;;
  approve) shift; cmd_approve "$@" ;;
  install) mkdir -p "$LOG_DIR"; install_all ;;
  *) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
