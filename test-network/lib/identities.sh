# A state's callers on the running network, changed by the state's operator alone: a new caller of its gateway
# (enroll), a new key and certificate for a caller whose key leaked (rekey), a caller shut out (revoke). The state's
# CA issues and revokes; the channel's definition of the state's MSP takes the CA's CRL in a configuration update
# the state's admin signs alone (update_revocation_list, lib/channel.sh); the state's gateway takes the changes of
# its identities directory within seconds, without a restart (IdentityDirectory in client/).

CALLER_ROLES="central-bank customs bank business ehub court regulator device"
IDENTITY_NAME_RE='^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'

identities_dir() { echo "$SILKROAD_RUN/$1/identities"; }

# The certificates of a caller that were re-keyed or revoked, by serial: the record of what the state shut out.
# Their keys are deleted.
retired_dir() { echo "$SILKROAD_RUN/$1/retired-identities/$2"; }

# What the state's CA holds for an enrollment ID: its `identity list` line, empty when it has none.
ca_identity() { ca_client "$1" identity list --id "$2" 2>>"$SILKROAD_LOG" | grep -m1 "^Name: $2," || true; }

# Only a caller of the gateway is changed with these commands: a client identity with a silkroad.role. Not a node,
# an admin, the chaincode service's TLS identity or the gateway's own probe: the network depends on those.
require_caller() {  # require_caller STATE ENROLLMENT_ID
  local st=$1 name=$2 entry type
  entry=$(ca_identity "$st" "$name")
  [[ -n $entry ]] || die "$(ca_name "$st") has no identity $name"
  type=$(sed -n 's/^Name: [^,]*, Type: \([a-z]*\),.*/\1/p' <<<"$entry")
  [[ $entry == *"{Name:silkroad.role "* ]] || type="$type, without a silkroad.role"
  [[ $type == client ]] ||
    die "$name is not a caller of $st's gateway (Fabric CA type $type): nodes, admins and the network's own" \
      "identities are not changed with this command"
}

cert_serial() { openssl x509 -in "$1" -noout -serial | cut -d= -f2 | tr 'A-F' 'a-f' | sed 's/^0*//'; }
cert_aki() {
  openssl x509 -in "$1" -noout -ext authorityKeyIdentifier | sed -n '2p' | sed -e 's/keyid://' | tr -d ' :' |
    tr 'A-F' 'a-f'
}

# The certificate serial the state's gateway acts as for an API key (GET /api/v1/me), or "refused" (401). The key
# goes to curl through a file descriptor, not its arguments.
gateway_caller() {  # gateway_caller STATE API_KEY
  local out code
  out=$(curl -s --max-time 3 -w '\n%{http_code}' -H @<(printf 'X-API-Key: %s\n' "$2") \
    "http://$SILKROAD_HOST:$(gateway_port "$1")/api/v1/me") || return 1
  code=${out##*$'\n'}
  case $code in
    200) jq -r .certificateSerial <<<"${out%$'\n'*}" ;;
    401) echo refused ;;
    *) return 1 ;;
  esac
}

gateway_caller_is() { [[ $(gateway_caller "$1" "$2") == "$3" ]]; }

# wait_gateway_caller STATE API_KEY SERIAL|refused: until the state's gateway has taken the change in.
wait_gateway_caller() {
  local st=$1
  if ! is_running "gateway-$st"; then
    log_info "gateway-$st is not running: it takes the change in when it starts"
    return 0
  fi
  wait_until "$SILKROAD_DEADLINE" gateway_caller_is "$st" "$2" "$3" ||
    die "gateway-$st did not take the change in within $SILKROAD_DEADLINE s (log: $LOG_DIR/gateway-$st.log)"
}

retire_certificate() {  # retire_certificate STATE NAME CERT
  local dir; dir=$(retired_dir "$1" "$2")
  mkdir -p "$dir"
  cp "$3" "$dir/$(cert_serial "$3").pem"
}

# A new caller of a state's gateway: registered with the state's CA, enrolled with a key of its own, given an API
# key, written beside the other callers under a hidden name and renamed into place, so the gateway never reads it
# half-written. Names are never given twice by a CA, revoked ones included.
enroll_caller() {  # enroll_caller STATE NAME ROLE
  local st=$1 name=$2 role=$3 dir staging
  [[ $name =~ $IDENTITY_NAME_RE ]] ||
    die "$name is not an identity name: 1 to 64 letters, digits, '.', '_' or '-', the first a letter or digit"
  [[ " $CALLER_ROLES " == *" $role "* ]] || die "$role is not a caller's role: one of ${CALLER_ROLES// /, }"
  dir="$(identities_dir "$st")/$name"
  [[ ! -e $dir ]] || die "$st already has a caller $name ($dir)"
  [[ -z $(ca_identity "$st" "$name") ]] ||
    die "$(ca_name "$st") already has an identity $name (a name is never given twice, a revoked one neither)"
  staging="$(identities_dir "$st")/.enroll-$name"
  rm -rf "$staging"
  log_info "Enrolling $name ($role) with $(ca_name "$st")"
  enroll_user "$st" "$name" "$role" "$staging"
  mv "$staging" "$dir"
  wait_gateway_caller "$st" "$(cat "$dir/api-key")" "$(cert_serial "$dir/cert.pem")"
  log_info "$name ($role) calls $st's gateway http://$SILKROAD_HOST:$(gateway_port "$st") with the API key in" \
    "$dir/api-key"
}

# A caller whose key leaked (or may have; reason keycompromise), or whose certificate is due to expire (superseded):
# the CA re-enrolls the same enrollment ID with a new key pair — the same name, role and wallet — the gateway takes
# the new key, certificate and API key, and only then is the old certificate revoked and the CRL put into the
# channel, so the caller is never without a working certificate. Each file goes into place by a rename, the API
# key's hash first, then the key, then the certificate: the gateway sees the old identity with the new API key, or
# an inconsistent pair it ignores, never a gap (IdentityDirectory).
rekey_caller() {  # rekey_caller STATE NAME REASON
  local st=$1 name=$2 reason=$3 dir staging old_serial old_aki f
  dir="$(identities_dir "$st")/$name"
  [[ -f $dir/cert.pem && -f $dir/api-key.sha256 ]] || die "$st's gateway has no caller $name ($dir)"
  require_caller "$st" "$name"
  old_serial=$(cert_serial "$dir/cert.pem"); old_aki=$(cert_aki "$dir/cert.pem")
  staging="$(identities_dir "$st")/.rekey-$name"
  rm -rf "$staging"; mkdir -p "$staging"; chmod 700 "$staging"
  log_info "Re-enrolling $name with $(ca_name "$st") (a new key pair)"
  reenroll_msp "$st" "$name" "$dir/msp" "$staging/msp"
  cp "$staging/msp/signcerts/cert.pem" "$staging/cert.pem"
  (umask 077; cp "$staging/msp/keystore/"*_sk "$staging/key.pem")
  write_api_key "$staging"
  retire_certificate "$st" "$name" "$dir/cert.pem"
  for f in api-key api-key.sha256 key.pem cert.pem; do mv -f "$staging/$f" "$dir/$f"; done
  rm -rf "$dir/msp"; mv "$staging/msp" "$dir/msp"; rm -rf "$staging"
  wait_gateway_caller "$st" "$(cat "$dir/api-key")" "$(cert_serial "$dir/cert.pem")"
  log_info "$st's gateway signs as $name with certificate $(cert_serial "$dir/cert.pem"); new API key in $dir/api-key"
  log_info "Revoking $name's certificate $old_serial with $(ca_name "$st") ($reason)"
  quiet ca_client "$st" revoke -s "$old_serial" -a "$old_aki" -r "$reason" ||
    die "$(ca_name "$st") did not revoke certificate $old_serial of $name (see $SILKROAD_LOG)"
  publish_crl "$st"
  update_revocation_list "$st"
}

# A caller shut out for good (a business that left, a key that leaked with no one to re-key): the CA revokes every
# certificate of the enrollment ID, the state's gateway drops the caller (its API key is refused at once), and the
# channel takes the CRL. Revoking again succeeds and changes nothing.
revoke_caller() {  # revoke_caller STATE NAME REASON
  local st=$1 name=$2 reason=$3 dir key="" hidden
  dir="$(identities_dir "$st")/$name"
  require_caller "$st" "$name"
  log_info "Revoking $name with $(ca_name "$st") ($reason)"
  revoke_identity "$st" "$name" "$reason"
  if [[ -d $dir ]]; then
    [[ -f $dir/api-key ]] && key=$(cat "$dir/api-key")
    hidden="$(identities_dir "$st")/.revoked-$name"
    rm -rf "$hidden"; mv "$dir" "$hidden"
    retire_certificate "$st" "$name" "$hidden/cert.pem"
    rm -rf "$hidden"
    [[ -z $key ]] || wait_gateway_caller "$st" "$key" refused
    log_info "$st's gateway no longer has $name; its certificate is kept in $(retired_dir "$st" "$name")"
  fi
  update_revocation_list "$st"
  log_info "A wallet ${st}MSP/$name keeps its money until $st's central bank freezes it and moves it to a successor" \
    "(POST /api/v1/wallets/${st}MSP/$name/recovery)"
}
