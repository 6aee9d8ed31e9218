# A member state leaves the running network, or the others expel it (silkroad.sh leave STATE); a consenter leaves the
# ordering service (silkroad.sh remove-orderer STATE [N]). The reverse of lib/join.sh, decided the same way: by a
# majority of the member states' admins (of the orderer states' for a consenter), drawn from the others first, so that
# the state concerned cannot hold its own removal up.
#
# leave: the state's consenters go first, one configuration update each (below); then its organisation leaves the
# channel's application group in one update. From that block on, no peer or orderer accepts its identities' signatures
# on new transactions, its peer gets no further blocks, and the implicit majorities count one state less. The
# chaincode gets its next definition, approved by the states that remain: the endorsement policy a majority of them,
# and the leaver's pairs of private data collections kept with the remaining state of each pair as their only member
# (Fabric refuses a definition that drops a collection, and one that names an organisation the channel no longer has).
# The state keeps its place in SILKROAD_STATE_SLOTS (its ports, its collections), and its files stay in .run/<ST>/:
# its peer's copy of the chain and of its private data up to the block that removed it. Its processes on this machine
# stop. The chain keeps what it did: its transactions stay valid in their blocks, and an evidence bundle of one
# verifies against the configuration in force when it was made.
#
# Every step is done again only if it has not happened, so a leave cut short finishes when it is run again; `up`
# refuses to start a network whose leave is unfinished.

leaving_marker() { echo "$SILKROAD_RUN/.leaving"; }

# The STATEs with FIRST moved last: signers drawn from the others first.
others_first() {  # others_first FIRST STATE...
  local out; out=$(states_without "$@")
  [[ " ${*:2} " == *" $1 "* ]] && out+=" $1"
  echo "${out# }"
}

leave_state() {  # leave_state STATE
  local st=$1 remaining s node
  if [[ -f $(leaving_marker) ]]; then
    [[ $(cat "$(leaving_marker)") == "$st" ]] ||
      die "$(cat "$(leaving_marker)") has not finished leaving: silkroad.sh leave $(cat "$(leaving_marker)")"
    log_info "Finishing the departure of $st"
  else
    [[ " $SILKROAD_STATES " == *" $st "* ]] || die "$st is not a member state ($SILKROAD_STATES)"
    remaining=$(states_without "$st" $SILKROAD_STATES)
    # Two states could each block the other's every transaction (a majority of two is both): the network is built
    # so that no state depends on another's goodwill.
    (($(wc -w <<<"$remaining") >= 3)) || die "$st leaving would leave $(wc -w <<<"$remaining") states ($remaining)," \
      "where a majority is all of them: refused"
    local nodes; nodes=$(state_orderers "$st" | wc -l)
    if ((nodes > 0)); then
      [[ $SILKROAD_CONSENSUS == BFT ]] ||
        die "$st runs $nodes of the $SILKROAD_CONSENSUS orderers; only SmartBFT consenters can be removed here"
      check_consenters_without "$st" "$nodes"
    fi
    echo "$st" >"$(leaving_marker)"
  fi
  local started=$SECONDS
  for node in $(state_orderers "$st" | sort -t: -k2 -rn); do
    remove_orderer "$st" "${node##*:}"
  done
  remaining=$(states_without "$st" $SILKROAD_STATES)
  report_currencies "$st" "${remaining%% *}"
  remove_state_from_channel "$st"
  # From here the network's states are the others: status, down, the chaincode definition and network.json.
  SILKROAD_STATES=$remaining
  save_settings
  define_chaincode "$(cat "$(cc_dir)/package-id")"
  report_holdings "$st" "${remaining%% *}"
  for s in gateway-$st "$(chaincode_process "$st")" peer-$st ca-$st; do stop_process "$s"; done
  write_network_json
  rm -f "$(leaving_marker)"
  log_info "$st left in $((SECONDS - started)) s: member states $SILKROAD_STATES, endorsement policy" \
    "$(endorsement_policy); its chain and private data up to the block that removed it stay in $SILKROAD_RUN/$st"
}

# currencies_get AUDITOR [PATH]: GET /api/v1/currencies[PATH] on AUDITOR's gateway as its regulator (audit, holders).
currencies_get() {
  local key; key=$(cat "$SILKROAD_RUN/$1/identities/regulator/api-key") || return 1
  curl -fsS --max-time 60 -H "X-API-Key: $key" "http://$SILKROAD_HOST:$(gateway_port "$1")/api/v1/currencies${2:-}"
}

# report_currencies STATE AUDITOR: the currencies STATE's central bank issued, each with what is still outstanding, by
# the audit AUDITOR's regulator runs through its gateway. The notes stay spendable between wallets, but no issuer
# remains to redeem them: the consortium should see it before the state goes (a departing central bank redeems first;
# an expelled one may not).
report_currencies() {
  local st=$1 auditor=$2 codes code audit notes held
  codes=$(currencies_get "$auditor" |
    jq -r --arg msp "$(msp_id "$st")" '.currencies[] | select(.issuerMspId == $msp) | .code') ||
    { log_warn "$auditor's regulator could not list the currencies"; return 0; }
  [[ -n $codes ]] || { log_info "$st's central bank issued no currency"; return 0; }
  for code in $codes; do
    audit=$(currencies_get "$auditor" "/$code/audit") ||
      { log_warn "$auditor's regulator could not audit $code"; continue; }
    notes=$(jq -r '.noteCount' <<<"$audit")
    held="$(jq -r '.outstanding' <<<"$audit") outstanding in $notes note$( ((notes == 1)) || echo s)"
    held+=", $(jq -r '.escrowed' <<<"$audit") of it in escrow"
    if ((notes == 0)); then
      log_info "$code, issued by $st's central bank: nothing outstanding"
    else
      log_warn "$code, issued by $st's central bank: $held ($auditor's audit); its holders keep and pay them, and" \
        "no issuer remains to redeem them"
    fi
  done
}

# report_holdings STATE AUDITOR: after STATE has left, what its wallets hold in the other states' currencies, by the
# holders query AUDITOR's regulator runs through its gateway. Its holders' identities are refused and its central bank
# is gone, so only each currency's issuer can move those notes now: a recovery into a wallet of its own, where the
# holder's claim can be settled (the chaincode checks on every endorsing peer that the state has left).
report_holdings() {
  local st=$1 auditor=$2 currencies code issuer holders notes
  currencies=$(currencies_get "$auditor" | jq -r --arg msp "$(msp_id "$st")" \
    '.currencies[] | select(.issuerMspId != $msp) | "\(.code) \(.issuerMspId)"') ||
    { log_warn "$auditor's regulator could not list the currencies"; return 0; }
  while read -r code issuer; do
    [[ -n $code ]] || continue
    holders=$(currencies_get "$auditor" "/$code/holders?state=$(msp_id "$st")") ||
      { log_warn "$auditor's regulator could not list $st's holders of $code"; continue; }
    notes=$(jq -r '.notes' <<<"$holders")
    ((notes > 0)) || continue
    log_warn "$code, issued by ${issuer%MSP}'s central bank: $(jq -r '.amount' <<<"$holders") held by $st's wallets" \
      "in $notes note$( ((notes == 1)) || echo s) ($(jq -r '[.wallets[].wallet] | join(", ")' <<<"$holders"));" \
      "only ${issuer%MSP}'s central bank can move them now: POST /api/v1/wallets/<wallet>/recovery on its gateway"
  done <<<"$currencies"
}

# remove_state_from_channel STATE: STATE's organisation out of the application group, in an update signed by a
# majority of the member states' admins, the others first (skipped when the channel has it no more). The files stay
# in .run/channel/leave-<ST>/, block.json ending as the configuration block without it.
remove_state_from_channel() {
  local st=$1 msp work; msp=$(msp_id "$st"); work="$(channel_dir)/leave-$st"
  local members; members=$(others_first "$st" $SILKROAD_STATES)
  local signers; read -ra signers <<<"$(majority_signers "${members%% *}" $members)"
  rm -rf "$work"; mkdir -p "$work"
  fetch_config_json "${signers[0]}" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  if ! jq -e --arg msp "$msp" '.channel_group.groups.Application.groups[$msp]' "$work/config.json" >/dev/null; then
    log_info "Configuration block $(config_block_number "$work/block.json") has no $msp"
    return 0
  fi
  jq --arg msp "$msp" 'del(.channel_group.groups.Application.groups[$msp])' "$work/config.json" >"$work/updated.json"
  log_info "Removing $msp from $SILKROAD_CHANNEL: a configuration update signed by the admins of ${signers[*]}" \
    "(a majority of $SILKROAD_STATES)"
  # Every peer but the leaver's must hold the block; the leaver's may already be cut off.
  ( SILKROAD_STATES=$(states_without "$st" $members); submit_config_update "${signers[0]}" "$work" "${signers[@]:1}" ) || exit
  log_info "Configuration block $(config_block_number "$work/block.json"): $msp is no longer a member of" \
    "$SILKROAD_CHANNEL"
}

# ---- a consenter leaves ------------------------------------------------------------------------------------------
# One configuration update, signed by a majority of the orderer states' admins (the others first), takes the node out
# of consenter_mapping and its endpoint out of its state's orderer organisation (the organisation out of the orderer
# group with its last node), and makes BlockValidation the quorum of the consenters that remain, which SmartBFT
# requires exactly (orderer/consensus/smartbft/configverifier.go). Refused when fewer than 4 consenters would remain
# (SmartBFT would tolerate no fault) or when one state would hold a quorum alone. The node stops once every peer has
# the block; its folder (its copy of the chain) stays.

# check_consenters_without STATE K: refuses removing K of STATE's consenters when the rest would tolerate no fault, or
# let one state form a quorum alone.
check_consenters_without() {
  local st=$1 k=$2 total quorum s own
  total=$(($(wc -w <<<"$(orderer_nodes)") - k))
  ((total >= 4)) || die "removing $k of $st's consenters would leave $total, which tolerate no fault: refused" \
    "(silkroad.sh add-orderer another state's first)"
  quorum=$(bft_quorum "$total")
  for s in $(orderer_states); do
    own=$(state_orderers "$s" | wc -l)
    [[ $s != "$st" ]] || own=$((own - k))
    ((own < quorum)) ||
      die "without $k of $st's consenters, $s would run $own of $total, a quorum ($quorum) alone: refused"
  done
}

remove_orderer() {  # remove_orderer STATE N
  local st=$1 n=$2 msp work name; msp=$(msp_id "$st"); name=$(orderer_name "$st" "$n")
  work="$(channel_dir)/removal-$st-$n"
  local states; states=$(others_first "$st" $(orderer_states))
  local signers; read -ra signers <<<"$(majority_signers "${states%% *}" $states)"
  rm -rf "$work"; mkdir -p "$work"
  fetch_config_json "${signers[0]}" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  local orderer='.channel_group.groups.Orderer' host=$SILKROAD_HOST port; port=$(orderer_port "$st" "$n")
  if jq -e --arg host "$host" --argjson port "$port" \
      "$orderer.values.Orderers.value.consenter_mapping | any(.host == \$host and .port == \$port)" \
      "$work/config.json" >/dev/null; then
    local count quorum; count=$(($(jq "$orderer.values.Orderers.value.consenter_mapping | length" \
      "$work/config.json") - 1))
    quorum=$(bft_quorum "$count")
    jq --arg msp "$msp" --arg host "$host" --argjson port "$port" --argjson quorum "$quorum" "
      (\"\(\$host):\(\$port)\") as \$endpoint
      | $orderer.values.Orderers.value.consenter_mapping |= map(select(.host != \$host or .port != \$port))
      | $orderer.values.Orderers.value.consenter_mapping as \$mapping
      | $orderer.policies.BlockValidation.policy.value |=
          (.identities = [\$mapping[] | {principal_classification: \"IDENTITY\",
                                         principal: {mspid: .msp_id, id_bytes: .identity}}]
           | .rule.n_out_of.rules = [range(0; \$mapping | length) | {signed_by: .}]
           | .rule.n_out_of.n = \$quorum)
      | $orderer.groups[\$msp].values.Endpoints.value.addresses -= [\$endpoint]
      | if ($orderer.groups[\$msp].values.Endpoints.value.addresses | length) == 0
        then del($orderer.groups[\$msp]) else . end" "$work/config.json" >"$work/updated.json"
    log_info "Removing $name from the consenters ($count remain, quorum $quorum): a configuration update signed by" \
      "the admins of ${signers[*]} (a majority of the orderer states)"
    submit_config_update "${signers[0]}" "$work" "${signers[@]:1}"
    log_info "Configuration block $(config_block_number "$work/block.json"): $name is no longer a consenter"
  else
    log_info "Configuration block $(config_block_number "$work/block.json") lists $name no more"
  fi
  # From the configuration block on, the node is not the network's: status, down, report and resume leave it out.
  SILKROAD_ORDERER_NODES=$(orderer_nodes | tr ' ' '\n' | grep -vx "$st:$n" | tr '\n' ' ')
  SILKROAD_ORDERER_NODES=${SILKROAD_ORDERER_NODES% }
  save_settings
  stop_process "orderer-$st-$n"
  write_network_json
}

# remove-orderer STATE [N]: the state's consenter number N (osnN), by default the one with the highest number.
remove_state_orderer() {  # remove_state_orderer STATE [N]
  local st=$1 n=${2:-} node
  [[ $SILKROAD_CONSENSUS == BFT ]] ||
    die "remove-orderer removes a SmartBFT consenter; this network orders with $SILKROAD_CONSENSUS"
  [[ -n $(state_orderers "$st") ]] || die "$st runs no orderer"
  if [[ -n $n ]]; then
    node=$(state_orderers "$st" | grep -x "$st:$n") ||
      die "$st runs no orderer $n (its consenters: $(state_orderers "$st" | sed 's/^.*:/osn/' | xargs))"
  else
    node=$(state_orderers "$st" | sort -t: -k2 -n | tail -n 1)
  fi
  check_consenters_without "$st" 1
  local started=$SECONDS
  remove_orderer "$st" "${node##*:}"
  log_info "$(orderer_name "$st" "${node##*:}") left the ordering service in $((SECONDS - started)) s:" \
    "$(wc -w <<<"$SILKROAD_ORDERER_NODES") consenters; its chain stays in $SILKROAD_RUN/$st/osn${node##*:}"
}
