# One REST gateway per state, for that state's businesses, connected to that state's peer.

# Heap: fixed at 1 GiB with a 512 MiB young generation. The explorer's H2 store keeps pages for a while and then
# drops them, so under load much garbage is promoted; with a growing heap (-Xms64m -Xmx256m before) SerialGC kept the
# old generation just above the live data (~45 MiB) and ran a full collection every ~15 s, and its young collections
# copied from small survivor spaces: GC was a third of an explorer-only gateway's CPU, 2.0 ms per transaction over the
# three gateways (ops bench, uniform, both paths). Fixed 256/96 MiB: 0.73 ms; fixed 384/128 MiB: 0.35-0.55 ms; fixed
# 1024/512 MiB: 0.16-0.29 ms, at 780-870 MiB resident per gateway after a benchmark instead of ~650-690 MiB
# (client/README.md, "Build and run").
: "${SILKROAD_GATEWAY_JAVA_OPTS:=-Xms1g -Xmx1g -Xmn512m}"

# The explorer's H2 file is written to disk every 5 s (WRITE_DELAY, H2's default 0.5 s): H2 rewrites every index
# page a store touched, so fewer stores rewrite fewer pages. An explorer-only gateway's CPU under payments fell by
# 14-19 % (its H2 threads' by a third; client/README.md, Database). A crash loses at most those seconds of the index,
# never its consistency: the checkpoint is the highest block stored, so the indexer reads the rest from the peer again.
#
# A state may keep its index in another database instead: SILKROAD_EXPLORER_JDBC_URL_<ST> (e.g. for MY,
# jdbc:postgresql://db.my.example:5432/silkroad?user=explorer&currentSchema=explorer_my; the schema must exist, and a
# password is better passed as SPRING_DATASOURCE_PASSWORD than in the URL). The test command puts MY's on PostgreSQL.
explorer_jdbc_url() {
  local v="SILKROAD_EXPLORER_JDBC_URL_$1"
  echo "${!v:-jdbc:h2:file:$SILKROAD_RUN/$1/explorer/index;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=5000}"
}

# The database product a state's explorer index is in, as the gateway's health reports it (components.db).
explorer_database() {
  case $(explorer_jdbc_url "$1") in
    jdbc:h2:*) echo H2 ;;
    jdbc:postgresql:*) echo PostgreSQL ;;
    *) echo other ;;
  esac
}

start_gateway() {
  local st=$1 o others=()
  # Who may endorse (and so see) private details a caller sends, besides the states whose collection keeps them:
  # the other member states, in order (see client/README.md, credit).
  for o in $SILKROAD_STATES; do [[ $o == "$st" ]] || others+=("$(msp_id "$o")"); done
  start_process "gateway-$st" "$SILKROAD_RUN/$st" \
    java $SILKROAD_GATEWAY_JAVA_OPTS $SILKROAD_JAVA_OPTS -jar "$GATEWAY_JAR" \
      --server.address="$SILKROAD_HOST" --server.port="$(gateway_port "$st")" \
      --silkroad.fabric.msp-id="$(msp_id "$st")" \
      --silkroad.fabric.channel="$SILKROAD_CHANNEL" --silkroad.fabric.chaincode="$SILKROAD_CHAINCODE" \
      --silkroad.fabric.peer-endpoint="$SILKROAD_HOST:$(peer_port "$st")" \
      --silkroad.fabric.peer-host-alias="$(peer_name "$st")" \
      --silkroad.fabric.tls-ca-cert="$SILKROAD_RUN/$st/peer0/tls/ca.crt" \
      --silkroad.fabric.identities-dir="$SILKROAD_RUN/$st/identities" \
      --silkroad.credit.trusted-endorsers="$(IFS=,; echo "${others[*]}")" \
      --spring.datasource.url="$(explorer_jdbc_url "$st")"
}

wait_gateway() { wait_for_healthz "gateway-$1" "http://$SILKROAD_HOST:$(gateway_port "$1")/actuator/health" 120; }

# network.json: what tests, tools and humans need to reach the running network.
write_network_json() {
  local st states="{}"
  for st in $SILKROAD_STATES; do
    states=$(jq --arg st "$st" --arg msp "$(msp_id "$st")" \
      --arg peer "$SILKROAD_HOST:$(peer_port "$st")" --arg alias "$(peer_name "$st")" \
      --arg tls "$SILKROAD_RUN/$st/peer0/tls/ca.crt" --arg gw "http://$SILKROAD_HOST:$(gateway_port "$st")" \
      --arg ids "$SILKROAD_RUN/$st/identities" --arg ca "$(ca_url "$st")" --arg cacert "$(org_msp_dir "$st")/cacerts/ca.pem" \
      --arg peerops "http://$SILKROAD_HOST:$(peer_ops_port "$st")" \
      --arg peercc "$SILKROAD_HOST:$(peer_cc_port "$st")" --arg ccsvc "$SILKROAD_HOST:$(chaincode_port "$st")" \
      --arg exdb "$(explorer_database "$st")" \
      '.[$st] = {mspId: $msp, peer: {endpoint: $peer, hostAlias: $alias, tlsCaCert: $tls, operations: $peerops,
                                     chaincodeListener: $peercc},
                 gateway: {url: $gw, explorerDatabase: $exdb}, identitiesDir: $ids, ca: {url: $ca, caCert: $cacert},
                 chaincodeService: {endpoint: $ccsvc}}' <<<"$states")
  done
  local orderers="[]" node s n
  for node in $(orderer_nodes); do
    s=${node%%:*}; n=${node##*:}
    orderers=$(jq --arg st "$s" --arg ep "$SILKROAD_HOST:$(orderer_port "$s" "$n")" \
      --arg ops "http://$SILKROAD_HOST:$(orderer_ops_port "$s" "$n")" --arg name "$(orderer_name "$s" "$n")" \
      --arg admin "https://$SILKROAD_HOST:$(orderer_admin_port "$s" "$n")" \
      '. + [{state: $st, name: $name, endpoint: $ep, operations: $ops, admin: $admin}]' <<<"$orderers")
  done
  jq -n --arg ch "$SILKROAD_CHANNEL" --arg cc "$SILKROAD_CHAINCODE" --arg cons "$SILKROAD_CONSENSUS" \
    --argjson states "$states" --argjson orderers "$orderers" \
    '{channel: $ch, chaincode: $cc, consensus: $cons, states: $states, orderers: $orderers}' >"$SILKROAD_RUN/network.json"
}

print_access() {
  echo
  echo "Silkroad Ledger is up (channel $SILKROAD_CHANNEL, $SILKROAD_CONSENSUS ordering, states: $SILKROAD_STATES)."
  echo "Each caller has its own Fabric identity and API key. Call a state's gateway as one of them, e.g.:"
  local st; st=${SILKROAD_STATES%% *}
  echo "  curl -s -H \"X-API-Key: \$(cat $SILKROAD_RUN/$st/identities/business-1/api-key)\" \\"
  echo "       -H 'Content-Type: application/json' -d '{\"requestId\":\"hello-1\"}' http://$SILKROAD_HOST:$(gateway_port "$st")/api/v1/system/pings"
  echo "Gateways:"
  for st in $SILKROAD_STATES; do
    printf '  %s  http://%s:%s  (OpenAPI: /v3/api-docs)  identities: %s\n' "$st" "$SILKROAD_HOST" "$(gateway_port "$st")" \
      "$(cd "$SILKROAD_RUN/$st/identities" && ls -d */ | tr -d / | grep -v gateway-probe | tr '\n' ' ')"
  done
  echo "Explorer for courts and regulators: /explorer on each gateway, e.g. http://$SILKROAD_HOST:$(gateway_port "${SILKROAD_STATES%% *}")/explorer (log in with a court or regulator API key)"
  echo "API keys: $SILKROAD_RUN/<state>/identities/<name>/api-key   Logs: $LOG_DIR   Stop: test-network/silkroad.sh down"
}
