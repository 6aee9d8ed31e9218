# Orderer and peer processes. Fabric's default core.yaml / orderer.yaml (from the installed release)
# are the base; everything node-specific is set through CORE_* / ORDERER_* variables here.

# Log levels. At INFO, Fabric writes lines for every transaction: the peer whose Gateway service takes a submit logs
# two per orderer ("Sending transaction to orderer", "Successful response from orderer"), an access line per gRPC call
# (endorse, submit, commit status) and one per endorsement ("finished chaincode"); every orderer logs the Broadcast
# stream each submit opens and, as a warning, its cancellation by the peer ("Error reading from ...: Canceled"). That
# is ~22 lines per payment on a three-state network, ~1,300 a second under load; in the gateway peer's CPU profile
# under payments, formatting its eight submit lines alone took 4.5 % (6 % under no-ops). Those INFO loggers stay at
# warning; everything else (blocks committed, consensus, gossip, every warning and error) at info. The orderers'
# broadcast logger keeps its per-submit warning: it also reports rejected transactions. SILKROAD_PEER_LOGGING /
# SILKROAD_ORDERER_LOGGING replace the spec; a running node takes another at its operations endpoint
# (curl -X PUT -d '{"spec":"info"}' http://<operations address>/logspec).
PEER_LOGGING_DEFAULT="info:gateway,endorser,comm.grpc.server=warning"
ORDERER_LOGGING_DEFAULT="info:comm.grpc.server=warning"

all_ca_certs() {  # comma-separated list of every state's CA certificate, for TLS root stores
  local st list=""
  for st in $SILKROAD_STATES; do list+="${list:+,}$(org_msp_dir "$st")/cacerts/ca.pem"; done
  echo "$list"
}

start_orderer() {
  local st=$1 n=$2 dir="$SILKROAD_RUN/$1/osn$2"
  mkdir -p "$dir/config" "$dir/data"
  cp "$FABRIC_CONFIG/orderer.yaml" "$dir/config/orderer.yaml"
  FABRIC_CFG_PATH="$dir/config" \
  FABRIC_LOGGING_SPEC="${SILKROAD_ORDERER_LOGGING:-$ORDERER_LOGGING_DEFAULT}" \
  ORDERER_GENERAL_LISTENADDRESS="$SILKROAD_HOST" \
  ORDERER_GENERAL_LISTENPORT="$(orderer_port "$st" "$n")" \
  ORDERER_GENERAL_LOCALMSPID="$(msp_id "$st")" \
  ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
  ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
  ORDERER_GENERAL_TLS_ENABLED=true \
  ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key" \
  ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt" \
  ORDERER_GENERAL_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
  ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt" \
  ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key" \
  ORDERER_GENERAL_CLUSTER_ROOTCAS="[$(all_ca_certs)]" \
  ORDERER_CHANNELPARTICIPATION_ENABLED=true \
  ORDERER_ADMIN_LISTENADDRESS="$SILKROAD_HOST:$(orderer_admin_port "$st" "$n")" \
  ORDERER_ADMIN_TLS_ENABLED=true \
  ORDERER_ADMIN_TLS_PRIVATEKEY="$dir/tls/server.key" \
  ORDERER_ADMIN_TLS_CERTIFICATE="$dir/tls/server.crt" \
  ORDERER_ADMIN_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
  ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
  ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$dir/tls/ca.crt]" \
  ORDERER_FILELEDGER_LOCATION="$dir/data/ledger" \
  ORDERER_CONSENSUS_WALDIR="$dir/data/wal" \
  ORDERER_CONSENSUS_SNAPDIR="$dir/data/snapshot" \
  ORDERER_OPERATIONS_LISTENADDRESS="$SILKROAD_HOST:$(orderer_ops_port "$st" "$n")" \
  ORDERER_METRICS_PROVIDER=prometheus \
    start_process "orderer-$st-$n" "$dir" "$FABRIC_BIN/orderer"
}

wait_orderer() { wait_for_healthz "orderer-$1-$2" "http://$SILKROAD_HOST:$(orderer_ops_port "$1" "$2")/healthz"; }

# core.yaml with the project's own external builder in place of the default list.
render_core_yaml() {
  local out=$1
  awk -v builder="$ROOT/network/builders/ccaas" '
    /^  externalBuilders:/ {
      print "  externalBuilders:"
      print "    - name: silkroad-ccaas"
      print "      path: " builder
      print "      propagateEnvironment:"
      print "        - SILKROAD_CHAINCODE_ADDRESS"
      print "        - SILKROAD_CHAINCODE_ADDRESS_1"
      print "        - SILKROAD_CHAINCODE_TLS_ROOT_CERT"
      print "        - SILKROAD_CHAINCODE_TLS_CLIENT_CERT"
      print "        - SILKROAD_CHAINCODE_TLS_CLIENT_KEY"
      skipping = 1; next
    }
    skipping && (/^    / || /^\s*$/) { next }
    { skipping = 0; print }
  ' "$FABRIC_CONFIG/core.yaml" >"$out"
  grep -q "name: silkroad-ccaas" "$out" || die "could not place the external builder in $out"
}

# A peer refuses a proposal whose timestamp is further than SILKROAD_TIME_WINDOW from its own clock (Fabric's
# TimeWindowCheck; 15 minutes by default). Contracts judge quote expiry and daily limits by that timestamp, so the
# window is how far a caller could move them: 2 minutes here, which needs the states' clocks kept in sync (NTP).
start_peer() {
  local st=$1 dir="$SILKROAD_RUN/$1/peer0"
  local addr="$SILKROAD_HOST:$(peer_port "$st")"
  mkdir -p "$dir/config" "$dir/data"
  render_core_yaml "$dir/config/core.yaml"
  FABRIC_CFG_PATH="$dir/config" \
  FABRIC_LOGGING_SPEC="${SILKROAD_PEER_LOGGING:-$PEER_LOGGING_DEFAULT}" \
  CORE_PEER_ID="$(peer_name "$st")" \
  CORE_PEER_ADDRESS="$addr" \
  CORE_PEER_LISTENADDRESS="$addr" \
  CORE_PEER_CHAINCODEADDRESS="$SILKROAD_HOST:$(peer_cc_port "$st")" \
  CORE_PEER_CHAINCODELISTENADDRESS="$SILKROAD_HOST:$(peer_cc_port "$st")" \
  CORE_PEER_GOSSIP_BOOTSTRAP="$addr" \
  CORE_PEER_GOSSIP_EXTERNALENDPOINT="$addr" \
  CORE_PEER_GOSSIP_RECONNECTINTERVAL="${SILKROAD_GOSSIP_RECONNECT:-5s}" \
  CORE_PEER_LOCALMSPID="$(msp_id "$st")" \
  CORE_PEER_MSPCONFIGPATH="$dir/msp" \
  CORE_PEER_TLS_ENABLED=true \
  CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
  CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
  CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
  CORE_PEER_FILESYSTEMPATH="$dir/data" \
  CORE_PEER_GATEWAY_ENABLED=true \
  CORE_PEER_AUTHENTICATION_TIMEWINDOW="${SILKROAD_TIME_WINDOW:-2m}" \
  CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
  CORE_LEDGER_HISTORY_ENABLEHISTORYDATABASE="${SILKROAD_PEER_HISTORY_DB:-false}" \
  CORE_LEDGER_SNAPSHOTS_ROOTDIR="$dir/data/snapshots" \
  CORE_VM_ENDPOINT="" \
  CORE_OPERATIONS_LISTENADDRESS="$SILKROAD_HOST:$(peer_ops_port "$st")" \
  CORE_METRICS_PROVIDER=prometheus \
  SILKROAD_CHAINCODE_ADDRESS="$SILKROAD_HOST:$(chaincode_port "$st" 0)" \
  SILKROAD_CHAINCODE_ADDRESS_1="$SILKROAD_HOST:$(chaincode_port "$st" 1)" \
  SILKROAD_CHAINCODE_TLS_ROOT_CERT="$SILKROAD_RUN/$st/chaincode/tls/ca.crt" \
  SILKROAD_CHAINCODE_TLS_CLIENT_CERT="$dir/tls/server.crt" \
  SILKROAD_CHAINCODE_TLS_CLIENT_KEY="$dir/tls/server.key" \
    start_process "peer-$st" "$dir" "$FABRIC_BIN/peer" node start
}

wait_peer() { wait_for_healthz "peer-$1" "http://$SILKROAD_HOST:$(peer_ops_port "$1")/healthz"; }

# Gossip membership: a peer's gateway can only plan endorsements across states once it knows the
# other states' peers. Their metrics say how many it knows on the channel.
peer_knows_all_states() {
  local st=$1 want known
  want=$(($(wc -w <<<"$SILKROAD_STATES") - 1))
  known=$(curl -fsS --max-time 2 "http://$SILKROAD_HOST:$(peer_ops_port "$st")/metrics" |
    sed -n "s/^gossip_membership_total_peers_known{channel=\"$SILKROAD_CHANNEL\"} //p")
  [[ -n $known ]] && ((known >= want))
}

wait_gossip() {
  local st
  for st in $SILKROAD_STATES; do
    wait_until "$SILKROAD_DEADLINE" peer_knows_all_states "$st" ||
      die "peer of $st does not see the other states' peers after $SILKROAD_DEADLINE s (log: $LOG_DIR/peer-$st.log)"
  done
}
