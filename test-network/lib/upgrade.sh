# New chaincode on the running network (silkroad.sh upgrade [JAR]), without stopping it: the chaincode jar JAR (a
# release an operator was given) or, without it, the one built from this checkout starts beside the old one, in the
# slot not in use (lib/chaincode.sh), on every state; every member state approves the new definition (the next
# sequence, its version naming the new jar's digest) and it is committed; then each state's peer is asked to serve it,
# which makes it connect to the new service, and the old services stop after SILKROAD_UPGRADE_DRAIN seconds (default
# 2), the time for endorsements already under way on them to finish. Callers see no gap: until the definition's
# block, the peers run the old code; from it, the new.
#
# Every endorsement reads the definition's sequence (core/chaincode/lifecycle/endorsement_info.go), so a transaction
# endorsed by the old code but committed after that block fails validation with MVCC_READ_CONFLICT: the REST gateway
# answers it as retryable, and a payment retries it by itself.
#
# An upgrade cut short is finished by running the command again (.run/.upgrading holds the slot it was filling); until
# then the other commands that change the network refuse to run. One that cannot finish (its new services do not
# start, or approvals will not come) is called off with silkroad.sh upgrade --abort, as long as its definition is not
# committed (abort_upgrade).

upgrading_marker() { echo "$SILKROAD_RUN/.upgrading"; }

upgrade_chaincode() {  # upgrade_chaincode [JAR]
  local jar=${1:-} from to id st started=$SECONDS before
  before=$(committed_definition)
  if [[ -f $(upgrading_marker) ]]; then
    [[ -z $jar ]] || die "an upgrade into slot $(cat "$(upgrading_marker)") is under way: finish it (silkroad.sh" \
      "upgrade) or call it off (silkroad.sh upgrade --abort)"
    # The slot file may already name the new slot: the one being filled is the marker's, the old one the other.
    to=$(cat "$(upgrading_marker)"); from=$((1 - to))
    log_info "Finishing the upgrade into chaincode slot $to"
  else
    from=$(chaincode_slot); to=$((1 - from))
    if [[ -n $jar ]]; then
      [[ -f $jar && $(head -c 2 "$jar") == PK ]] || die "$jar is no chaincode jar"
      mkdir -p "$SILKROAD_RUN/jars"
    else
      build_modules; jar=$CHAINCODE_JAR_BUILT
    fi
    cp "$jar" "$(chaincode_jar "$to")"
    if [[ ${before% *} == "$(CC_SLOT=$to cc_version)" ]]; then
      rm -f "$(chaincode_jar "$to")"
      log_info "Chaincode $(cc_version) (sequence ${before#* }) is this build already: nothing to upgrade"
      return 0
    fi
    echo "$to" >"$(upgrading_marker)"
  fi
  local CC_SLOT=$to
  log_info "Upgrading chaincode $SILKROAD_CHAINCODE from ${before% *} (slot $from) to $(cc_version) (slot $to)"
  package_chaincode
  id=$(package_id) || die "cannot compute the package ID"
  for st in $SILKROAD_STATES; do install_chaincode "$st" "$id"; start_chaincode_service "$st" "$id" "$to"; done
  for st in $SILKROAD_STATES; do
    wait_for_port "$(chaincode_process "$st" "$to")" "$(chaincode_port "$st" "$to")"
  done
  define_chaincode "$id"
  for st in $SILKROAD_STATES; do
    wait_until "$SILKROAD_DEADLINE" serves_version "$st" "$(cc_version)" ||
      die "the $st peer does not serve $(cc_version) (see $LOG_DIR/$(chaincode_process "$st" "$to").log)"
  done
  echo "$id" >"$(cc_dir)/package-id"
  echo "$to" >"$(cc_dir)/slot"
  write_network_json
  sleep "${SILKROAD_UPGRADE_DRAIN:-2}"
  for st in $SILKROAD_STATES; do stop_process "$(chaincode_process "$st" "$from")"; done
  rm -f "$(upgrading_marker)"
  log_info "Chaincode upgraded in $((SECONDS - started)) s: $(cc_version), sequence" \
    "$(committed_definition | cut -d' ' -f2), served from slot $to; the services of slot $from stopped"
}

# serves_version STATE VERSION: STATE's peer runs the committed definition of that version; asking it once makes it
# connect to that definition's service (the external builder's release step names the slot's address).
serves_version() {
  local st=$1 version=$2
  ( peer_admin_env "$st"
    "$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$SILKROAD_CHANNEL" -n "$SILKROAD_CHAINCODE" \
      --output json 2>/dev/null | jq -e --arg v "$version" '.version == $v' >/dev/null &&
    "$FABRIC_BIN/peer" chaincode query -C "$SILKROAD_CHANNEL" -n "$SILKROAD_CHAINCODE" \
      -c '{"Args":["system:version"]}' >/dev/null 2>&1 )
}

# abort_upgrade: the upgrade under way is called off while the network still runs the old definition: the new slot's
# services stop, and its jar and the definition waiting for approvals go. Approvals already given for the abandoned
# sequence stay in the channel, harmless: a state's next approval of that sequence replaces its own.
abort_upgrade() {
  [[ -f $(upgrading_marker) ]] || die "no chaincode upgrade is under way"
  local to from st current; to=$(cat "$(upgrading_marker)"); from=$((1 - to))
  current=$(committed_definition)
  if [[ $(chaincode_slot) != "$from" || ${current% *} == "$(CC_SLOT=$to cc_version)" ]]; then
    die "the definition of the upgrade into slot $to is committed already: finish it (silkroad.sh upgrade)"
  fi
  for st in $SILKROAD_STATES; do stop_process "$(chaincode_process "$st" "$to")"; done
  rm -f "$(chaincode_jar "$to")"; rm -rf "$(pending_dir)"; rm -f "$(upgrading_marker)"
  log_info "The upgrade into slot $to is called off; the network runs ${current% *} (sequence ${current#* }) from" \
    "slot $from"
}
