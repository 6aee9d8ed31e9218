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
# A state that joins runs no orderer; the ordering service keeps the consenters it started with.
#
# Every step is done again only if it has not happened, so a join cut short (a process that did not come up) is
# finished by running the same command again; `up` refuses to start a network whose join is unfinished.

joining_marker() { echo "$SILKROAD_RUN/.joining"; }

join_state() {  # join_state STATE
  local st=$1 members s
  [[ $st =~ ^[A-Z]{2}$ ]] || die "a state is named by its ISO 3166 alpha-2 code (two capital letters), not '$st'"
  if [[ -f $(joining_marker) ]]; then
    [[ $(cat "$(joining_marker)") == "$st" ]] ||
      die "$(cat "$(joining_marker)") has not finished joining: silkroad.sh join $(cat "$(joining_marker)")"
    members=$(for s in $SILKROAD_STATES; do [[ $s == "$st" ]] || printf '%s ' "$s"; done)
    members=${members% }
    log_info "Finishing the join of $st"
  else
    [[ " $SILKROAD_STATES " != *" $st "* ]] || die "$st is a member state already ($SILKROAD_STATES)"
    members=$SILKROAD_STATES
    SILKROAD_STATES="$members $st"
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
  start_chaincode_service "$st" "$id"; wait_for_port "chaincode-$st" "$(chaincode_port "$st")"
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
  local signers=($members); local submitter=${signers[0]}
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
  local needed=$((${#signers[@]} / 2 + 1))
  log_info "Adding $msp to $SILKROAD_CHANNEL: a configuration update signed by the admins of" \
    "${signers[*]:0:needed} (a majority of $members)"
  ( SILKROAD_STATES=$members; submit_config_update "$submitter" "$work" "${signers[@]:1:needed-1}" ) ||
    die "the channel did not take $msp in"
  log_info "Configuration block $(config_block_number "$work/block.json"): $msp is a member of $SILKROAD_CHANNEL"
}
