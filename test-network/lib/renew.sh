# Renewing a state's certificates on the running network (silkroad.sh renew STATE). Fabric CA issues every
# certificate for a year (its default signing expiry; `ops report` warns 30 days ahead), and a network that runs
# longer needs each node's, admin's and TLS certificate renewed before it expires, without stopping the network.
#
# Each certificate gets a new key pair from the state's own CA (a re-enrollment of the same enrollment ID, so the
# name, OU and MSP stay), and its process is restarted with it, one process at a time: the other states go on, and
# so does the state itself except for the seconds its peer and its gateway restart. Nothing in the channel names a
# peer's, an admin's or a TLS certificate, but a BFT consenter is listed with its identity and TLS certificates, and
# the orderers' BlockValidation policy with its identity: an orderer's new certificates go into the channel first, in
# a configuration update that a majority of the orderer states' admins sign (/Channel/Orderer/Admins), and the
# orderer restarts with them right after. The old certificates are not revoked: their keys are replaced, not
# compromised, and they expire on their own (re-key a caller, and revoke, when a key leaked: silkroad.sh rekey /
# revoke). A renewal cut short (a process that did not come back) is finished by running it again.

# renew_identity STATE NAME MSP TLS HOSTS STAGE: the new enrollment certificate (STAGE/msp) and TLS certificate
# (STAGE/tls: server.crt, server.key, the CA's ca.crt) of a node or admin whose files are in MSP and TLS.
renew_identity() {
  local st=$1 name=$2 msp=$3 tls=$4 hosts=$5 stage=$6
  rm -rf "$stage"; mkdir -p "$stage"; chmod 700 "$stage"
  reenroll_msp "$st" "$name" "$msp" "$stage/msp"
  reenroll_msp "$st" "$name" "$msp" "$stage/tls.enroll" "$hosts"
  mkdir -p "$stage/tls"; chmod 700 "$stage/tls"
  cp "$stage/tls.enroll/signcerts/cert.pem" "$stage/tls/server.crt"
  (umask 077; cp "$stage/tls.enroll/keystore/"*_sk "$stage/tls/server.key")
  cp "$tls/ca.crt" "$stage/tls/ca.crt"
  rm -rf "$stage/tls.enroll"
}

# install_renewed MSP TLS STAGE: the staged files in place of the old ones (the process is stopped).
install_renewed() {
  local msp=$1 tls=$2 stage=$3
  rm -rf "$msp.old" "$tls.old"
  mv "$msp" "$msp.old"; mv "$stage/msp" "$msp"
  mv "$tls" "$tls.old"; mv "$stage/tls" "$tls"
  rm -rf "$msp.old" "$tls.old" "$stage"
}

cert_not_after() { openssl x509 -in "$1" -noout -enddate | cut -d= -f2; }

# The CA's own TLS certificate (tls-cert.pem, issued by the CA at its first start): the CA restarted without it
# issues itself a new one. Its clients trust that file (ca_client --tls.certfiles), so they follow.
renew_ca_tls() {
  local st=$1 home key; home=$(ca_home "$st")
  key=$(matching_key "$home/tls-cert.pem" "$home/msp/keystore") || die "no key of $(ca_name "$st")'s TLS certificate"
  stop_process "ca-$st"
  rm -f "$home/tls-cert.pem" "$key"
  start_ca "$st"; wait_ca "$st"
  [[ -f $home/tls-cert.pem ]] || die "$(ca_name "$st") did not issue itself a TLS certificate"
  log_info "$(ca_name "$st"): new TLS certificate, valid until $(cert_not_after "$home/tls-cert.pem")"
}

# The CA registrar's enrollment certificate, which enroll, rekey, revoke and renew authenticate with.
renew_registrar() {
  local st=$1 msp="$SILKROAD_RUN/$1/registrar/msp" key f
  quiet ca_client "$st" reenroll -u "$(ca_url "$st")" || die "$(ca_name "$st") did not re-enroll its registrar"
  key=$(matching_key "$msp/signcerts/cert.pem" "$msp/keystore") || die "the registrar's re-enrollment left no key"
  for f in "$msp/keystore"/*_sk; do [[ $f == "$key" ]] || rm -f "$f"; done
  log_info "registrar of $(ca_name "$st"): new certificate, valid until $(cert_not_after "$msp/signcerts/cert.pem")"
}

renew_admin() {
  local st=$1 base="$SILKROAD_RUN/$1/admin"
  renew_identity "$st" "admin-$(lower "$st")" "$base/msp" "$base/tls" "localhost,$SILKROAD_HOST" "$base.renew"
  install_renewed "$base/msp" "$base/tls" "$base.renew"
  log_info "admin-$(lower "$st"): new certificates, valid until $(cert_not_after "$base/msp/signcerts/cert.pem")"
}

# The chaincode service's TLS server certificate; the service restarts with it (its peer reconnects).
renew_chaincode_service() {
  local st=$1 base="$SILKROAD_RUN/$1/chaincode" d; d=$(state_domain "$st")
  renew_identity "$st" "chaincode.$d" "$base/msp" "$base/tls" "chaincode.$d,localhost,$SILKROAD_HOST" "$base.renew"
  stop_process "$(chaincode_process "$st")"
  install_renewed "$base/msp" "$base/tls" "$base.renew"
  start_chaincode_service "$st" "$(cat "$(cc_dir)/package-id")"
  wait_for_port "$(chaincode_process "$st")" "$(chaincode_port "$st")"
  log_info "chaincode service of $st: new TLS certificate, valid until $(cert_not_after "$base/tls/server.crt")"
}

# The peer's enrollment (endorsement) and TLS certificates. The external builder wrote the peer's TLS certificate
# and key into the chaincode's connection (release/chaincode/server/connection.json) when it first released the
# chaincode, and the peer keeps that build across restarts: it goes, so that the peer releases the chaincode again
# with the new ones.
renew_peer() {
  local st=$1 base="$SILKROAD_RUN/$1/peer0" name; name=$(peer_name "$st")
  renew_identity "$st" "$name" "$base/msp" "$base/tls" "$name,localhost,$SILKROAD_HOST" "$base.renew"
  stop_process "peer-$st"
  install_renewed "$base/msp" "$base/tls" "$base.renew"
  rm -rf "$base/data/externalbuilder/builds"
  start_peer "$st"; wait_peer "$st"
  wait_until "$SILKROAD_DEADLINE" peer_knows_all_states "$st" ||
    die "peer of $st does not see the other states' peers after its restart (log: $LOG_DIR/peer-$st.log)"
  log_info "$name: new certificates, valid until $(cert_not_after "$base/msp/signcerts/cert.pem")"
}

# The gateway's own identity (gateway-probe: its health check, explorer and commit stream), then the gateway restarts
# with it: the commit stream it opened at its start keeps the identity it opened with.
renew_gateway_identity() {
  local st=$1 dir stage; dir="$(identities_dir "$1")/gateway-probe"
  stage="$(identities_dir "$st")/.renew-gateway-probe"  # a dot folder: the gateway does not take it for a caller
  reenroll_msp "$st" gateway-probe "$dir/msp" "$stage"
  stop_process "gateway-$st"
  (umask 077; cp "$stage/keystore/"*_sk "$dir/key.pem")
  cp "$stage/signcerts/cert.pem" "$dir/cert.pem"
  rm -rf "$dir/msp"; mv "$stage" "$dir/msp"
  start_gateway "$st"; wait_gateway "$st"
  log_info "gateway-probe of $st: new certificate, valid until $(cert_not_after "$dir/cert.pem"); gateway restarted"
}

# An orderer's enrollment and TLS certificates: first into its consenter entry in the channel (signed by the state's
# admin and by as many other orderer states' admins as make a majority), then the orderer restarts with them.
renew_orderer() {
  local st=$1 n=$2 base="$SILKROAD_RUN/$1/osn$2" name; name=$(orderer_name "$st" "$n")
  # The channel's configuration is read from and sent to another state's orderer, which no renewal restarts.
  local SILKROAD_ADMIN_ORDERER; SILKROAD_ADMIN_ORDERER=$(orderer_nodes | tr ' ' '\n' | grep -v "^$st:" | head -n 1)
  [[ -n $SILKROAD_ADMIN_ORDERER ]] || die "no other state's orderer to update the channel through"
  renew_identity "$st" "$name" "$base/msp" "$base/tls" "$name,localhost,$SILKROAD_HOST" "$base.renew"
  local work; work="$(channel_dir)/consenter-$st-$n"
  rm -rf "$work"; mkdir -p "$work"
  fetch_config_json "$st" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  local mapping='.channel_group.groups.Orderer.values.Orderers.value.consenter_mapping'
  jq -e --arg host "$SILKROAD_HOST" --argjson port "$(orderer_port "$st" "$n")" \
    "$mapping | map(select(.host == \$host and .port == \$port)) | length == 1" "$work/config.json" >/dev/null ||
    die "the channel lists no consenter $name at $SILKROAD_HOST:$(orderer_port "$st" "$n")"
  # The orderers' BlockValidation policy names each consenter's identity certificate (a quorum of them signs every
  # block): the old one is replaced there too.
  jq --arg host "$SILKROAD_HOST" --argjson port "$(orderer_port "$st" "$n")" \
    --arg identity "$(base64 -w0 "$base.renew/msp/signcerts/cert.pem")" \
    --arg tls "$(base64 -w0 "$base.renew/tls/server.crt")" \
    "($mapping[] | select(.host == \$host and .port == \$port) | .identity) as \$old
     | $mapping |= map(if .host == \$host and .port == \$port
                       then .identity = \$identity | .client_tls_cert = \$tls | .server_tls_cert = \$tls else . end)
     | .channel_group.groups.Orderer.policies.BlockValidation.policy.value.identities |=
         map(if .principal.id_bytes == \$old then .principal.id_bytes = \$identity else . end)" \
    "$work/config.json" >"$work/updated.json"
  jq -e --arg identity "$(base64 -w0 "$base.renew/msp/signcerts/cert.pem")" \
    '[.channel_group.groups.Orderer.policies.BlockValidation.policy.value.identities[]
      | select(.principal.id_bytes == $identity)] | length == 1' "$work/updated.json" >/dev/null ||
    die "the channel's BlockValidation policy does not name $name's identity"
  local cosigners; cosigners=$(majority_signers "$st" $(orderer_states)); cosigners=${cosigners#"$st"}; cosigners=${cosigners# }
  # A renewal makes new certificates each time it runs, so it cannot wait for a signing round; it signs here.
  # shellcheck disable=SC2086
  SILKROAD_SIGNING=local submit_config_update "$st" "$work" $cosigners
  log_info "Configuration block $(config_block_number "$work/block.json"): consenter $name with its new" \
    "certificates (signed by the admins of $st${cosigners:+ and ${cosigners// /, }})"
  stop_process "orderer-$st-$n"
  install_renewed "$base/msp" "$base/tls" "$base.renew"
  start_orderer "$st" "$n"; wait_orderer "$st" "$n"
  # A restarted orderer that missed a view change follows an old leader until its heartbeat timeout (1 minute);
  # the next renewal waits until it is back in step, so that no two orderers are out of consensus at once.
  local ref=${SILKROAD_ADMIN_ORDERER}
  wait_until $((SILKROAD_DEADLINE + 90)) orderer_in_step "$st" "$n" "${ref%%:*}" "${ref##*:}" ||
    die "$name is not back in step with $(orderer_name "${ref%%:*}" "${ref##*:}") (log: $LOG_DIR/orderer-$st-$n.log)"
  log_info "$name: new certificates, valid until $(cert_not_after "$base/msp/signcerts/cert.pem"); in step with" \
    "the other orderers (block height $(orderer_metric "$st" "$n" ledger_blockchain_height))"
}

orderer_metric() {  # orderer_metric STATE N METRIC: its value for the channel, from the orderer's operations endpoint
  curl -fsS --max-time 2 "http://$SILKROAD_HOST:$(orderer_ops_port "$1" "$2")/metrics" |
    sed -n "s/^$3{channel=\"$SILKROAD_CHANNEL\"} //p"
}

# Orderer STATE N has the block height and the BFT view of orderer REF_STATE REF_N.
orderer_in_step() {  # orderer_in_step STATE N REF_STATE REF_N
  local metric mine theirs
  for metric in ledger_blockchain_height consensus_smartbft_view_number; do
    mine=$(orderer_metric "$1" "$2" "$metric"); theirs=$(orderer_metric "$3" "$4" "$metric")
    [[ -n $mine && $mine == "$theirs" ]] || return 1
  done
}


# Every certificate of STATE's processes and admin, in an order that keeps the network up: the CA's TLS and the
# registrar's first (the other renewals talk to the CA), the admin (who signs the channel updates), the chaincode
# service, the peer, each orderer, then the gateway's own identity.
renew_state() {  # renew_state STATE
  local st=$1 node started=$SECONDS
  renew_ca_tls "$st"
  renew_registrar "$st"
  renew_admin "$st"
  renew_chaincode_service "$st"
  renew_peer "$st"
  for node in $(orderer_nodes); do
    [[ ${node%%:*} == "$st" ]] && renew_orderer "$st" "${node##*:}"
  done
  renew_gateway_identity "$st"
  log_info "Renewed the certificates of $st's CA (TLS), registrar, admin, chaincode service, peer, orderers and" \
    "gateway in $((SECONDS - started)) s; its callers renew with: silkroad.sh rekey $st NAME superseded"
}
