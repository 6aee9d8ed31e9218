# A member state joins the running network (silkroad.sh join STATE): its own CA, peer, chaincode service and
# gateway, on the channel the founding states run, without stopping them.
#
# The member states decide, not the newcomer: its organisation (MSP with its CA certificate and CRL, policies, anchor
# peer) enters the channel's application group in a configuration update that a majority of the member states'
# admins sign (/Channel/Application/Admins, MAJORITY Admins). From that block on, the implicit majorities count it
# (a new state makes 4, whose majority is 3): changing the channel, defining the chaincode. Its peer joins from the
# genesis block and validates every block since, as any peer would. Then the chaincode gets a new definition that
# every state, the newcomer included, approves: the endorsement policy becomes a majority of the four states' peers,
# and the newcomer's pairs of private data collections with each member are added (the others stay as they are:
# Fabric refuses a definition that drops one). The package stays the same, so the members' chaincode services go on
# untouched.
# A state that joins runs no orderer until it adds one (add-orderer, below).
#
# Every step is done again only if it has not happened, so a join cut short (a process that did not come up) is
# finished by running the same command again; `up` refuses to start a network whose join is unfinished.

joining_marker() { echo "$SILKROAD_RUN/.joining"; }

join_state() {  # join_state STATE
  local st=$1 members
  [[ $st =~ ^[A-Z]{2}$ ]] || die "a state is named by its ISO 3166 alpha-2 code (two capital letters), not '$st'"
  if [[ -f $(joining_marker) ]]; then
    [[ $(cat "$(joining_marker)") == "$st" ]] ||
      die "$(cat "$(joining_marker)") has not finished joining: silkroad.sh join $(cat "$(joining_marker)")"
    members=$(states_without "$st" $SILKROAD_STATES)
    log_info "Finishing the join of $st"
  else
    [[ " $SILKROAD_STATES " != *" $st "* ]] || die "$st is a member state already ($SILKROAD_STATES)"
    [[ " $SILKROAD_STATE_SLOTS " != *" $st "* ]] ||
      die "$st left this network; its files stay in $SILKROAD_RUN/$st, and it does not join again under that code"
    members=$SILKROAD_STATES
    SILKROAD_STATES="$members $st"
    SILKROAD_STATE_SLOTS="$SILKROAD_STATE_SLOTS $st"
    check_ports_free "$st"
    # From here the network's settings name the state, so that status, down and logs see its processes.
    echo "$st" >"$(joining_marker)"
    save_settings
  fi
  local started=$SECONDS
  log_info "Starting $st's certificate authority; enrolling its admin, peer, chaincode service and callers"
  start_ca "$st"; wait_ca "$st"
  enroll_state "$st"
  add_state_to_channel "$st" "$members"
  log_info "Starting $st's peer: it joins $SILKROAD_CHANNEL from the genesis block and validates every block since"
  start_peer "$st"; wait_peer "$st"
  join_peer "$st"
  local config; config=$(config_block_number "$(channel_dir)/join-$st/block.json")
  wait_until $((SILKROAD_DEADLINE * 5)) peer_has_block "$st" "$config" ||
    die "peer of $st has not reached block $config after $((SILKROAD_DEADLINE * 5)) s (log: $LOG_DIR/peer-$st.log)"
  log_info "$st's peer holds the channel up to block $config and beyond; the chaincode gets a definition with $st"
  local id; id=$(cat "$(cc_dir)/package-id")
  install_chaincode "$st" "$id"
  start_chaincode_service "$st" "$id"; wait_for_port "$(chaincode_process "$st")" "$(chaincode_port "$st")"
  define_chaincode "$id"
  log_info "Waiting until every peer sees the other states' peers (gossip)"
  wait_gossip
  start_gateway "$st"; wait_gateway "$st"
  write_network_json
  rm -f "$(joining_marker)"
  log_info "$st joined in $((SECONDS - started)) s: endorsement policy $(endorsement_policy); its gateway is" \
    "http://$SILKROAD_HOST:$(gateway_port "$st"), its callers' API keys in $(identities_dir "$st")"
}

# add_state_to_channel STATE MEMBERS: STATE's organisation in the channel's application group, in an update signed by
# the admins of a majority of MEMBERS (the first of them submits it). The files stay in .run/channel/join-<ST>/,
# block.json ending as the configuration block that holds the state.
add_state_to_channel() {
  local st=$1 members=$2 msp work; msp=$(msp_id "$st"); work="$(channel_dir)/join-$st"
  local signers; read -ra signers <<<"$(majority_signers "${members%% *}" $members)"
  local submitter=${signers[0]}
  mkdir -p "$work/configtx"
  fetch_config_json "$submitter" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  if jq -e --arg msp "$msp" '.channel_group.groups.Application.groups[$msp]' "$work/config.json" >/dev/null; then
    log_info "Configuration block $(config_block_number "$work/block.json") has $msp already"
    return 0
  fi
  printf 'Organizations:\n%s\n' "$(render_org "$st")" >"$work/configtx/configtx.yaml"
  FABRIC_CFG_PATH="$work/configtx" "$FABRIC_BIN/configtxgen" -printOrg "$msp" >"$work/org.json" 2>>"$SILKROAD_LOG" ||
    die "configtxgen could not print the organisation $msp (see $SILKROAD_LOG)"
  # configtxgen prints an organisation as a consortium member, without its anchor peer: set here, as the channel's
  # genesis block sets the founders' (network/configtx/org.yaml.tmpl).
  jq --arg msp "$msp" --slurpfile org "$work/org.json" --arg host "$SILKROAD_HOST" --argjson port "$(peer_port "$st")" '
    .channel_group.groups.Application.groups[$msp] = ($org[0]
      | .values.AnchorPeers //= {mod_policy: "Admins", version: "0",
                                 value: {anchor_peers: [{host: $host, port: $port}]}})' \
    "$work/config.json" >"$work/updated.json"
  log_info "Adding $msp to $SILKROAD_CHANNEL: a configuration update signed by the admins of ${signers[*]}" \
    "(a majority of $members)"
  ( SILKROAD_STATES=$members; submit_config_update "$submitter" "$work" "${signers[@]:1}" ) || exit
  log_info "Configuration block $(config_block_number "$work/block.json"): $msp is a member of $SILKROAD_CHANNEL"
}

# ---- a consenter of the state's own ------------------------------------------------------------------------------
# A state that joined runs no orderer, so its transactions are ordered by the others' nodes. `add-orderer STATE`
# gives it one (or a founder another): a new BFT consenter, admitted by a majority of the orderer states' admins
# (/Channel/Orderer/Admins) in one configuration update that adds the state's organisation to the orderer group with
# the node's endpoint (when it runs none yet), the node to the consenters, and its identity to the BlockValidation
# policy, which SmartBFT requires to be exactly "a quorum of the consenters" (4 of 5: f stays 1, and no state may
# form a quorum alone). The node then joins the channel with that configuration block and pulls the blocks before it
# from the others; the next step waits until it has their height and BFT view.

adding_marker() { echo "$SILKROAD_RUN/.adding-orderer"; }

# SmartBFT's quorum of N consenters: ceil((N + f + 1) / 2), tolerating f = (N - 1) / 3 faults.
bft_quorum() { echo $(( ($1 + ($1 - 1) / 3 + 2) / 2 )); }

add_orderer() {  # add_orderer STATE
  local st=$1 node n
  [[ $SILKROAD_CONSENSUS == BFT ]] ||
    die "add-orderer adds a SmartBFT consenter; this network orders with $SILKROAD_CONSENSUS"
  if [[ -f $(adding_marker) ]]; then
    node=$(cat "$(adding_marker)")
    [[ ${node%%:*} == "$st" ]] || die "orderer $node is being added: silkroad.sh add-orderer ${node%%:*}"
    n=${node##*:}
    log_info "Finishing the addition of $(orderer_name "$st" "$n")"
  else
    # The next number the state has not used: a node that was removed keeps its folder (its ledger) and its name.
    n=0
    while [[ -d $SILKROAD_RUN/$st/osn$n || " $(orderer_nodes) " == *" $st:$n "* ]]; do n=$((n + 1)); done
    node="$st:$n"
    local total quorum own; total=$(($(wc -w <<<"$(orderer_nodes)") + 1)); quorum=$(bft_quorum "$total")
    own=$(($(state_orderers "$st" | wc -l) + 1))
    ((own < quorum)) || die "$st would run $own of the $total consenters, a quorum ($quorum) alone: refused"
    local port
    for port in "$(orderer_port "$st" "$n")" "$(orderer_admin_port "$st" "$n")" "$(orderer_ops_port "$st" "$n")"; do
      port_in_use "$port" && die "port $port on $SILKROAD_HOST is already in use"
    done
    echo "$node" >"$(adding_marker)"
  fi
  local started=$SECONDS name; name=$(orderer_name "$st" "$n")
  enroll_orderer "$st" "$n"
  add_consenter "$st" "$n"
  # From the configuration block on, the node is one of the network's: status, down, report and resume see it.
  [[ " $SILKROAD_ORDERER_NODES " == *" $node "* ]] || SILKROAD_ORDERER_NODES="$SILKROAD_ORDERER_NODES $node"
  save_settings
  start_orderer "$st" "$n"; wait_orderer "$st" "$n"
  join_orderer "$st" "$n" "$(channel_dir)/consenter-$st-$n/block.json.pb"
  local ref; ref=$(orderer_nodes | tr ' ' '\n' | grep -v "^$st:" | head -n 1)
  wait_until $((SILKROAD_DEADLINE * 5)) orderer_in_step "$st" "$n" "${ref%%:*}" "${ref##*:}" ||
    die "$name is not in step with $(orderer_name "${ref%%:*}" "${ref##*:}") (log: $LOG_DIR/orderer-$st-$n.log)"
  write_network_json
  rm -f "$(adding_marker)"
  log_info "$name is a consenter, in step with the others at block height" \
    "$(orderer_metric "$st" "$n" ledger_blockchain_height), after $((SECONDS - started)) s:" \
    "$(wc -w <<<"$SILKROAD_ORDERER_NODES") consenters"
}

# add_consenter STATE N: the configuration update that makes orderer N of STATE a consenter (skipped when the channel
# lists it already). Its files stay in .run/channel/consenter-<ST>-<N>/, block.json(.pb) ending as the block with it.
add_consenter() {
  local st=$1 n=$2 msp work name base="$SILKROAD_RUN/$1/osn$2"
  msp=$(msp_id "$st"); name=$(orderer_name "$st" "$n"); work="$(channel_dir)/consenter-$st-$n"
  # A majority of the states that run orderers now (/Channel/Orderer/Admins), STATE first when it is one of them.
  local signers; read -ra signers <<<"$(majority_signers "$st" $(orderer_states))"
  rm -rf "$work"; mkdir -p "$work"
  fetch_config_json "${signers[0]}" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  local mapping='.channel_group.groups.Orderer.values.Orderers.value.consenter_mapping'
  if jq -e --arg host "$SILKROAD_HOST" --argjson port "$(orderer_port "$st" "$n")" \
      "$mapping | any(.host == \$host and .port == \$port)" "$work/config.json" >/dev/null; then
    log_info "Configuration block $(config_block_number "$work/block.json") lists $name already"
    return 0
  fi
  local quorum count id; count=$(($(jq "$mapping | length" "$work/config.json") + 1))
  id=$(jq "[$mapping[].id] | max + 1" "$work/config.json")
  quorum=$(bft_quorum "$count")
  # A state new to the orderer group enters it with its definition from the application group (Fabric requires one
  # MSP to be defined alike in both), as a new element: version 0 throughout.
  jq --arg msp "$msp" --arg host "$SILKROAD_HOST" --argjson port "$(orderer_port "$st" "$n")" \
    --arg identity "$(base64 -w0 "$base/msp/signcerts/cert.pem")" --arg tls "$(base64 -w0 "$base/tls/server.crt")" \
    --argjson quorum "$quorum" --argjson id "$id" "
    (\"\(\$host):\(\$port)\") as \$endpoint
    | (if .channel_group.groups.Orderer.groups[\$msp] == null then
         .channel_group.groups.Orderer.groups[\$msp] = (.channel_group.groups.Application.groups[\$msp]
           | del(.values.AnchorPeers)
           | walk(if type == \"object\" and (.version | type) == \"string\" then .version = \"0\" else . end)
           | .values.Endpoints = {mod_policy: \"Admins\", version: \"0\", value: {addresses: [\$endpoint]}})
       else .channel_group.groups.Orderer.groups[\$msp].values.Endpoints.value.addresses += [\$endpoint] end)
    | ($mapping | length) as \$index
    | $mapping += [{id: \$id, host: \$host, port: \$port, msp_id: \$msp, identity: \$identity,
                    client_tls_cert: \$tls, server_tls_cert: \$tls}]
    | .channel_group.groups.Orderer.policies.BlockValidation.policy.value |=
        (.identities += [{principal_classification: \"IDENTITY\", principal: {mspid: \$msp, id_bytes: \$identity}}]
         | .rule.n_out_of.rules += [{signed_by: \$index}]
         | .rule.n_out_of.n = \$quorum)" "$work/config.json" >"$work/updated.json"
  log_info "Adding $name as consenter $id ($count consenters, quorum $quorum): a configuration update signed by" \
    "the admins of ${signers[*]} (a majority of the orderer states)"
  submit_config_update "${signers[0]}" "$work" "${signers[@]:1}"
  log_info "Configuration block $(config_block_number "$work/block.json"): $name is consenter $id"
}
