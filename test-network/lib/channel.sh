# The `silkroad` channel: rendered from network/configtx, created with configtxgen, joined by every
# orderer through the channel participation API (no system channel) and by every peer.

channel_dir() { echo "$SILKROAD_RUN/channel"; }
genesis_block() { echo "$(channel_dir)/$SILKROAD_CHANNEL.block"; }

# The orderer endpoints of a state's nodes, as configtx lists them ("host:port", ...); empty when it runs none.
orderer_endpoints() {
  local node s n endpoints=""
  for node in $(orderer_nodes); do
    s=${node%%:*}; n=${node##*:}
    [[ $s == "$1" ]] && endpoints+="${endpoints:+, }\"$SILKROAD_HOST:$(orderer_port "$s" "$n")\""
  done
  echo "$endpoints"
}

# A state's organisation as configtx defines it (network/configtx/org.yaml.tmpl).
render_org() {
  MSP_ID=$(msp_id "$1") MSP_DIR=$(org_msp_dir "$1") ORDERER_ENDPOINTS=$(orderer_endpoints "$1") \
    ANCHOR_HOST=$SILKROAD_HOST ANCHOR_PORT=$(peer_port "$1") envsubst <"$ROOT/network/configtx/org.yaml.tmpl"
}

render_configtx() {
  local out; out=$(channel_dir); mkdir -p "$out"
  local orgs="" orderer_orgs="" app_orgs="" mapping="" raft="" st node s n id=1
  for st in $SILKROAD_STATES; do
    orgs+=$(render_org "$st")$'\n'
    app_orgs+="        - *$(msp_id "$st")"$'\n'
    [[ -n $(orderer_endpoints "$st") ]] && orderer_orgs+="        - *$(msp_id "$st")"$'\n'
  done
  for node in $(orderer_nodes); do
    s=${node%%:*}; n=${node##*:}
    local dir="$SILKROAD_RUN/$s/osn$n"
    mapping+="    - {ID: $id, Host: $SILKROAD_HOST, Port: $(orderer_port "$s" "$n"), MSPID: $(msp_id "$s"), Identity: $dir/msp/signcerts/cert.pem, ClientTLSCert: $dir/tls/server.crt, ServerTLSCert: $dir/tls/server.crt}"$'\n'
    raft+="      - {Host: $SILKROAD_HOST, Port: $(orderer_port "$s" "$n"), ClientTLSCert: $dir/tls/server.crt, ServerTLSCert: $dir/tls/server.crt}"$'\n'
    id=$((id + 1))
  done
  [[ $SILKROAD_CONSENSUS == BFT ]] && raft="      []" || mapping="    []"
  ORGANIZATIONS=$orgs ORDERER_ORGS=$orderer_orgs APPLICATION_ORGS=$app_orgs \
  CONSENTER_MAPPING=$mapping RAFT_CONSENTERS=$raft ORDERER_TYPE=$SILKROAD_CONSENSUS \
  BATCH_TIMEOUT="${SILKROAD_BATCH_TIMEOUT:-250ms}" BATCH_MAX_MESSAGES="${SILKROAD_BATCH_MAX_MESSAGES:-500}" \
    envsubst <"$ROOT/network/configtx/channel.yaml.tmpl" >"$out/configtx.yaml"
}

create_genesis_block() {
  [[ -f $(genesis_block) ]] && return 0
  render_configtx
  FABRIC_CFG_PATH=$(channel_dir) quiet "$FABRIC_BIN/configtxgen" -profile Silkroad \
    -channelID "$SILKROAD_CHANNEL" -outputBlock "$(genesis_block)"
}

orderer_admin() {  # orderer_admin STATE N osnadmin-args...
  local st=$1 n=$2; shift 2
  local adm="$SILKROAD_RUN/$st/admin/tls"
  "$FABRIC_BIN/osnadmin" "$@" -o "$SILKROAD_HOST:$(orderer_admin_port "$st" "$n")" \
    --ca-file "$SILKROAD_RUN/$st/osn$n/tls/ca.crt" --client-cert "$adm/server.crt" --client-key "$adm/server.key"
}

join_orderers() {
  local node
  for node in $(orderer_nodes); do join_orderer "${node%%:*}" "${node##*:}" "$(genesis_block)"; done
}

# join_orderer STATE N CONFIG_BLOCK: orderer N of STATE on the channel, unless it is already; a node that joins a
# running channel with a later configuration block pulls the blocks before it from the others.
join_orderer() {
  local s=$1 n=$2 block=$3
  # osnadmin exits 0 whatever the HTTP status; the status line tells.
  orderer_admin "$s" "$n" channel list --channelID "$SILKROAD_CHANNEL" 2>/dev/null | grep -q '^Status: 200' && return 0
  orderer_admin "$s" "$n" channel join --channelID "$SILKROAD_CHANNEL" --config-block "$block" >>"$SILKROAD_LOG" 2>&1
  orderer_admin "$s" "$n" channel list --channelID "$SILKROAD_CHANNEL" 2>/dev/null | grep -q '^Status: 200' ||
    die "orderer $(orderer_name "$s" "$n") did not join $SILKROAD_CHANNEL (see $SILKROAD_LOG)"
}

# majority_signers FIRST STATE...: a majority of the STATEs (whose admins' signatures a MAJORITY Admins policy over
# them counts), FIRST first when it is one of them; the first of the list submits the update.
majority_signers() {
  local first=$1 s out=(); shift
  [[ " $* " == *" $first "* ]] && out=("$first")
  for s in "$@"; do
    ((${#out[@]} < $# / 2 + 1)) || break
    [[ $s == "$first" ]] || out+=("$s")
  done
  echo "${out[*]}"
}

# The states that run orderers, each once, in the order of orderer_nodes.
orderer_states() { orderer_nodes | tr ' ' '\n' | cut -d: -f1 | awk 'NF && !seen[$0]++' | tr '\n' ' '; }

# state_orderers STATE: STATE's orderer nodes (STATE:N), one per line, in the order of orderer_nodes; none, nothing.
state_orderers() { orderer_nodes | tr ' ' '\n' | grep "^$1:" || true; }

# states_without STATE LIST...: the LIST without STATE, in its order.
states_without() {
  local s out=()
  for s in "${@:2}"; do [[ $s == "$1" ]] || out+=("$s"); done
  echo "${out[*]}"
}

# Environment for the peer CLI acting as a state's admin against its own peer.
peer_admin_env() {
  local st=$1
  export FABRIC_CFG_PATH="$SILKROAD_RUN/$st/peer0/config"
  export CORE_PEER_LOCALMSPID; CORE_PEER_LOCALMSPID=$(msp_id "$st")
  export CORE_PEER_MSPCONFIGPATH="$SILKROAD_RUN/$st/admin/msp"
  export CORE_PEER_ADDRESS="$SILKROAD_HOST:$(peer_port "$st")"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE="$SILKROAD_RUN/$st/peer0/tls/ca.crt"
  export CORE_PEER_TLS_SERVERHOSTOVERRIDE=""
  export FABRIC_LOGGING_SPEC=warn
}

# Any orderer will do for the CLI; the first one of the list, unless SILKROAD_ADMIN_ORDERER (STATE:N) names another.
first_orderer_args() { orderer_args "${SILKROAD_ADMIN_ORDERER:-$(orderer_nodes | awk '{print $1}')}"; }
orderer_args() {  # orderer_args STATE:N
  local s=${1%%:*} n=${1##*:}
  echo "-o $SILKROAD_HOST:$(orderer_port "$s" "$n") --tls --cafile $SILKROAD_RUN/$s/osn$n/tls/ca.crt"
}

join_peer() {
  local st=$1
  ( peer_admin_env "$st"
    "$FABRIC_BIN/peer" channel getinfo -c "$SILKROAD_CHANNEL" >/dev/null 2>&1 && exit 0
    quiet "$FABRIC_BIN/peer" channel join -b "$(genesis_block)" ) || die "peer of $st could not join $SILKROAD_CHANNEL"
}

channel_height() {  # channel_height STATE -> block height seen by that state's peer
  ( peer_admin_env "$1"
    "$FABRIC_BIN/peer" channel getinfo -c "$SILKROAD_CHANNEL" 2>/dev/null | sed -n 's/^Blockchain info: //p' | jq -r '.height' )
}

# The channel's latest configuration block, as a state's admin fetches it from an orderer, decoded to JSON.
fetch_config_json() {  # fetch_config_json STATE OUT_JSON
  local st=$1 out=$2
  ( peer_admin_env "$st"
    quiet "$FABRIC_BIN/peer" channel fetch config "$out.pb" -c "$SILKROAD_CHANNEL" $(first_orderer_args) ) &&
    "$FABRIC_BIN/configtxlator" proto_decode --input "$out.pb" --type common.Block >"$out" ||
    die "could not fetch the configuration of $SILKROAD_CHANNEL (see $SILKROAD_LOG)"
}

config_block_number() { jq -r '.header.number' "$1"; }

# Makes the channel's definition of a state's MSP refuse what its CA revoked: its revocation_list becomes the CRLs in
# the state's organisation MSP (crls/*.pem), in the application group and, when the state runs orderers, the orderer
# group (Fabric refuses two different definitions of one MSP ID). Both values' mod_policy is the state's own Admins,
# so its admin signs the update alone: no other state can block or make a state's revocation. Returns once every
# peer holds the new configuration block. Each call makes one (the CA signs a fresh CRL every time). The files of
# the last update stay in .run/channel/revocation-<ST>/.
update_revocation_list() {  # update_revocation_list STATE
  local st=$1 msp work crls
  msp=$(msp_id "$st"); work="$(channel_dir)/revocation-$st"
  rm -rf "$work"; mkdir -p "$work"
  crls=$(for f in "$(org_msp_dir "$st")"/crls/*.pem; do base64 -w0 "$f"; echo; done | jq -R . | jq -s .)
  fetch_config_json "$st" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  # Revoking what is revoked already (a second time, or a serial the CRL holds) changes no certificate's fate: no
  # configuration block for it.
  local held revoked
  held=$(jq -r --arg msp "$msp" \
    '.channel_group.groups.Application.groups[$msp].values.MSP.value.config.revocation_list // [] | .[]' \
    "$work/config.json" | while read -r c; do base64 -d <<<"$c" | crl_serials; done | sort -u)
  revoked=$(cat "$(org_msp_dir "$st")"/crls/*.pem | crl_serials | sort -u)
  if [[ -n $revoked && $held == "$revoked" ]]; then
    log_info "No configuration update: the channel's definition of $msp already revokes all $(ca_name "$st") revoked"
    return 0
  fi
  jq --arg msp "$msp" --argjson crls "$crls" '
    .channel_group.groups.Application.groups[$msp].values.MSP.value.config.revocation_list = $crls
    | if .channel_group.groups.Orderer.groups[$msp] == null then .
      else .channel_group.groups.Orderer.groups[$msp].values.MSP.value.config.revocation_list = $crls end' \
    "$work/config.json" >"$work/updated.json"
  # `peer channel update` signs the envelope as the submitting admin: the one signature the update needs.
  submit_config_update "$st" "$work"
  log_info "Configuration block $(config_block_number "$work/block.json"): every peer and orderer refuses what" \
    "$(ca_name "$st") revoked"
}

# Submits the change from WORK/config.json (the channel's configuration, as in WORK/block.json) to
# WORK/updated.json as a configuration update: signed first by each of COSIGNERS' admins (states; in signing rounds,
# by the admins who signed the round's file, lib/signing.sh), then by STATE's admin, who submits it; returns once
# every peer holds the configuration block it made (then in WORK/block.json).
submit_config_update() {  # submit_config_update STATE WORK [COSIGNER...]
  local st=$1 work=$2 old new s; shift 2
  old=$(config_block_number "$work/block.json")
  local tx="$FABRIC_BIN/configtxlator"
  quiet "$tx" proto_encode --input "$work/config.json" --type common.Config --output "$work/config.pb" &&
    quiet "$tx" proto_encode --input "$work/updated.json" --type common.Config --output "$work/updated.pb" &&
    quiet "$tx" compute_update --channel_id "$SILKROAD_CHANNEL" --original "$work/config.pb" \
      --updated "$work/updated.pb" --output "$work/update.pb" &&
    "$tx" proto_decode --input "$work/update.pb" --type common.ConfigUpdate >"$work/update.json" ||
    die "could not compute the configuration update (see $SILKROAD_LOG)"
  jq -n --arg ch "$SILKROAD_CHANNEL" --slurpfile update "$work/update.json" \
    '{payload: {header: {channel_header: {channel_id: $ch, type: 2}}, data: {config_update: $update[0]}}}' \
    >"$work/envelope.json"
  quiet "$tx" proto_encode --input "$work/envelope.json" --type common.Envelope --output "$work/envelope.pb" ||
    die "could not encode the configuration update (see $SILKROAD_LOG)"
  if [[ $SILKROAD_SIGNING == rounds && $# -gt 0 ]]; then
    collect_signatures "$work" "$@"  # lib/signing.sh: stops the command until the other admins have signed
  else
    for s in "$@"; do
      ( peer_admin_env "$s"; quiet "$FABRIC_BIN/peer" channel signconfigtx -f "$work/envelope.pb" ) ||
        die "the admin of $s could not sign the configuration update (see $SILKROAD_LOG)"
    done
  fi
  # To every orderer, as the Fabric Gateway sends a transaction to a BFT ordering service: one orderer alone may be
  # a follower whose stream to the leader went stale (a restarted leader), and the update would wait in its pool.
  # Once one of them orders it, the others' copies are refused as out of date.
  local node accepted=0 answer=""
  for node in $(orderer_nodes); do
    if answer=$(peer_admin_env "$st"
        "$FABRIC_BIN/peer" channel update -f "$work/envelope.pb" -c "$SILKROAD_CHANNEL" $(orderer_args "$node") 2>&1)
    then accepted=$((accepted + 1)); fi
    printf '%s\n' "$answer" >>"$SILKROAD_LOG"
  done
  ((accepted > 0)) || die "the orderers refused the configuration update: $(grep -m1 -o 'Error: .*' <<<"$answer" |
    cut -c1-400)"
  new=$old
  local deadline=$((SECONDS + SILKROAD_DEADLINE))
  while ((new == old)); do
    ((SECONDS < deadline)) || die "no configuration block after $old within $SILKROAD_DEADLINE s"
    sleep 0.3
    fetch_config_json "$st" "$work/block.json"; new=$(config_block_number "$work/block.json")
  done
  for s in $SILKROAD_STATES; do
    wait_until "$SILKROAD_DEADLINE" peer_has_block "$s" "$new" ||
      die "peer of $s does not have configuration block $new after $SILKROAD_DEADLINE s"
  done
  # A round's file has served (its signed envelope stays in WORK/envelope.pb).
  rm -f "$(round_file "$work")"
}

# The serial numbers the CRLs on stdin (PEM) revoke, lowercase hex, one per line.
crl_serials() {
  local pem="" line
  while IFS= read -r line; do
    pem+="$line"$'\n'
    if [[ $line == "-----END X509 CRL-----" ]]; then
      openssl crl -noout -text <<<"$pem" | sed -n 's/^ *Serial Number: *//p' | tr 'A-F' 'a-f'
      pem=""
    fi
  done
}

peer_has_block() {  # peer_has_block STATE BLOCK_NUMBER
  local height; height=$(channel_height "$1") && [[ $height =~ ^[0-9]+$ ]] && ((height > $2))
}
