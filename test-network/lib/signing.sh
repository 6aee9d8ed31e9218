# Signing rounds for the configuration updates that need other states' admins (join, add-orderer, remove-orderer,
# leave). On one machine the scripts hold every admin's key and sign for each (SILKROAD_SIGNING=local, the default).
# Across machines no operator holds another state's key: with SILKROAD_SIGNING=rounds the command writes the update to
# .run/channel/updates/<name>.pb and stops (exit 3), naming the states whose admins are to sign it. The file goes from
# operator to operator; each reads what it changes and signs it (silkroad.sh sign-update FILE STATE). The same command
# run again submits the file as it is, signed by the submitting state too; the orderers then check the signatures
# against the channel's policy and refuse the update (nothing changes) while a majority is missing. A file made on a
# configuration that has moved on since is replaced by a new one, as its signatures cover the old read set.

: "${SILKROAD_SIGNING:=local}"
SIGNATURES_WANTED=3

round_file() { echo "$(channel_dir)/updates/$(basename "$1").pb"; }

# The update in an envelope file, decoded, keys sorted: what its signatures cover.
update_json() {
  "$FABRIC_BIN/configtxlator" proto_decode --input "$1" --type common.Envelope |
    jq -S '.payload.data.config_update'
}

# The MSP IDs of the admins that have signed an update envelope, in the order they signed.
update_signers() {
  "$FABRIC_BIN/configtxlator" proto_decode --input "$1" --type common.Envelope |
    jq -r '[.payload.data.signatures[]?.signature_header.creator.mspid] | join(" ")'
}

# describe_update FILE CONFIG: what an update changes, one line per element, by its path in the channel's
# configuration: groups added (+) or removed (-), values and policies set (~). Read from its read set (the versions it
# saw) and write set against CONFIG, the channel's configuration as JSON: an update names what it removes only by
# leaving it out of a group whose version it raises.
describe_update() {
  update_json "$1" | jq -r --slurpfile config "$2" '
    def walk_changes($path; $read; $write; $now):
      (($write.groups // {} | keys[]) as $k
        | if ($read.groups // {} | has($k))
          then walk_changes("\($path)/\($k)"; $read.groups[$k]; $write.groups[$k]; $now.groups[$k] // {})
          else "+ group  \($path)/\($k)" end),
      (if ($write.version // "0") != ($read.version // "0") then
         ($now.groups // {} | keys[] as $c | select($write.groups // {} | has($c) | not)
           | "- group  \($path)/\($c)"),
         ($now.values // {} | keys[] as $c | select($write.values // {} | has($c) | not)
           | "- value  \($path)/\($c)")
       else empty end),
      ($write.values // {} | to_entries[] | select(.value.version != ($read.values[.key].version // null))
        | "~ value  \($path)/\(.key)"),
      ($write.policies // {} | to_entries[] | select(.value.version != ($read.policies[.key].version // null))
        | "~ policy \($path)/\(.key)");
    "channel \(.channel_id):",
    (walk_changes("/Channel"; .read_set; .write_set; $config[0].channel_group) | "  " + .)'
}

# collect_signatures WORK COSIGNER...: in rounds, WORK/envelope.pb becomes the round's file once it holds this very
# update (to be submitted with the signatures it gathered); otherwise the file is written and the command stops.
collect_signatures() {
  local work=$1 file; shift
  file=$(round_file "$work")
  mkdir -p "$(dirname "$file")"
  if [[ -f $file ]] && [[ $(update_json "$file") == "$(update_json "$work/envelope.pb")" ]]; then
    log_info "Submitting $file, signed by the admins of $(update_signers "$file" | sed 's/^$/no other state/')"
    cp "$file" "$work/envelope.pb"
    return 0
  fi
  [[ ! -f $file ]] || log_warn "The channel's configuration changed since $file was made: it is made again, and" \
    "the signatures it had do not carry over"
  cp "$work/envelope.pb" "$file"
  log_info "The update is in $file. The admins of $* (or of other states that make a majority with the" \
    "submitter) sign it in turn: silkroad.sh sign-update $file STATE, the file passed on; then run this command again"
  exit "$SIGNATURES_WANTED"
}

# sign_update FILE STATE: STATE's admin reads what the update changes and signs it, unless it has.
sign_update() {
  local file=$1 st=$2
  [[ -f $file ]] || die "no update file $file"
  local channel; channel=$(update_json "$file" 2>>"$SILKROAD_LOG" | jq -r '.channel_id') ||
    die "$file is not a configuration update envelope"
  [[ $channel == "$SILKROAD_CHANNEL" ]] || die "$file updates another channel ($channel), not $SILKROAD_CHANNEL"
  # What it changes, against the configuration as the state's own admin fetches it now.
  local work; work=$(mktemp -d)
  fetch_config_json "$st" "$work/block.json"
  jq '.data.data[0].payload.data.config' "$work/block.json" >"$work/config.json"
  describe_update "$file" "$work/config.json"
  rm -rf "$work"
  echo "  (every field: $FABRIC_BIN/configtxlator proto_decode --input $file --type common.Envelope)"
  if [[ " $(update_signers "$file") " == *" $(msp_id "$st") "* ]]; then
    log_info "$st's admin has signed $file already"
  else
    ( peer_admin_env "$st"; quiet "$FABRIC_BIN/peer" channel signconfigtx -f "$file" ) ||
      die "the admin of $st could not sign $file (see $SILKROAD_LOG)"
    log_info "Signed by $st's admin"
  fi
  log_info "$file is signed by the admins of $(update_signers "$file")"
}
