# Each member state's own Fabric CA: one server per state issues every identity of that state
# (nodes, admins, users) and, with its `tls` profile, every TLS certificate.

ca_home() { echo "$SILKROAD_RUN/$1/ca"; }
ca_name() { echo "ca-$(lower "$1")"; }
ca_url() { echo "https://$SILKROAD_HOST:$(ca_port "$1")"; }
ca_tls_cert() { echo "$(ca_home "$1")/tls-cert.pem"; }
org_msp_dir() { echo "$SILKROAD_RUN/$1/msp"; }

new_secret() { openssl rand -hex 20; }

start_ca() {
  local st=$1 home; home=$(ca_home "$st")
  mkdir -p "$home"; chmod 700 "$home"
  [[ -f $home/bootstrap.secret ]] || (umask 077; new_secret >"$home/bootstrap.secret")
  local domain; domain=$(state_domain "$st")
  if [[ ! -f $home/fabric-ca-server-config.yaml ]]; then
    # Fabric CA writes its default configuration on init; the subject of a state's root
    # certificate must name that state, not the defaults, so edit it and let `start` re-create the root.
    # `init` prints its configuration, bootstrap identity included ("boot: admin:<secret>"): masked before the log.
    # The secret goes in through the environment, not argv.
    (cd "$home" && set -o pipefail && FABRIC_CA_SERVER_HOME="$home" \
        FABRIC_CA_SERVER_BOOT="admin:$(cat "$home/bootstrap.secret")" \
        "$CA_BIN/fabric-ca-server" init --csr.cn "ca.$domain" 2>&1 | mask_ca_secrets >>"$SILKROAD_LOG") ||
      die "fabric-ca-server init failed for $st (see $SILKROAD_LOG)"
    # It also holds the bootstrap password (registry.identities): owner only, like the secret itself.
    chmod 600 "$home/fabric-ca-server-config.yaml"
    sed -i -e "s/^\( *- C:\).*/\1 $st/" -e 's/^\( *ST:\).*/\1/' -e 's/^\( *L:\).*/\1/' \
      -e "s/^\( *O:\) Hyperledger.*/\1 $(msp_id "$st")/" -e 's/^\( *OU:\) Fabric.*/\1 Silkroad Ledger/' \
      "$home/fabric-ca-server-config.yaml"
    rm -rf "$home/ca-cert.pem" "$home/msp" "$home/tls-cert.pem" "$home/fabric-ca-server.db"
  fi
  # FABRIC_CA_SERVER_* variables override the server's defaults. No bootstrap identity here: `init` wrote it into
  # the configuration's registry, from which the first start adds it; Fabric CA 1.5 logs its whole configuration at
  # start, and a FABRIC_CA_SERVER_BOOT would appear there in clear ("sensitive lines excluded" misses it).
  FABRIC_CA_SERVER_HOME="$home" \
  FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="$SILKROAD_HOST:$(ca_ops_port "$st")" \
  FABRIC_CA_SERVER_METRICS_PROVIDER=prometheus \
    start_process "ca-$st" "$home" "$CA_BIN/fabric-ca-server" start \
      --address "$SILKROAD_HOST" --port "$(ca_port "$st")" \
      --ca.name "$(ca_name "$st")" --csr.cn "ca.$domain" --csr.hosts "ca.$domain,localhost,$SILKROAD_HOST" \
      --tls.enabled
}

# Fabric CA prints `boot: <user>:<secret>` and `pass: <secret>` lines when it shows its configuration.
mask_ca_secrets() { sed -E -e 's/^( *boot: *[^:]+:).*/\1***/' -e 's/^( *pass: *).*/\1***/'; }

wait_ca() { wait_for_healthz "ca-$1" "http://$SILKROAD_HOST:$(ca_ops_port "$1")/healthz"; }

# fabric-ca-client against a state's CA, as its registrar.
ca_client() {
  local st=$1; shift
  "$CA_BIN/fabric-ca-client" "$@" --caname "$(ca_name "$st")" --tls.certfiles "$(ca_tls_cert "$st")" \
    --home "$SILKROAD_RUN/$st/registrar"
}

enroll_registrar() {
  local st=$1
  [[ -f $SILKROAD_RUN/$st/registrar/msp/signcerts/cert.pem ]] && return 0
  quiet ca_client "$st" enroll -u "https://admin:$(cat "$(ca_home "$st")/bootstrap.secret")@$SILKROAD_HOST:$(ca_port "$st")"
}

# The organisation MSP that goes into the channel configuration, plus the NodeOU rules that let
# policies tell admins, peers, orderers and clients apart by the OU their CA stamped on them.
write_node_ous() {
  cat >"$1/config.yaml" <<YAML
NodeOUs:
  Enable: true
  ClientOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client}
  PeerOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer}
  AdminOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin}
  OrdererOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer}
YAML
}

build_org_msp() {
  local st=$1 dir; dir=$(org_msp_dir "$st")
  mkdir -p "$dir/cacerts" "$dir/tlscacerts"
  cp "$SILKROAD_RUN/$st/registrar/msp/cacerts/"*.pem "$dir/cacerts/ca.pem"
  cp "$dir/cacerts/ca.pem" "$dir/tlscacerts/ca.pem"
  write_node_ous "$dir"
}

# register_and_enroll STATE NAME TYPE ROLE MSPDIR [TLSDIR HOSTS]
# TYPE is the Fabric CA identity type (client, peer, orderer, admin) and becomes the OU;
# ROLE, when not empty, is the `silkroad.role` attribute put into the enrollment certificate.
register_and_enroll() {
  local st=$1 name=$2 type=$3 role=$4 msp=$5 tls=${6:-} hosts=${7:-}
  local secret; secret=$(new_secret)
  local attrs=()
  [[ -n $role ]] && attrs=(--id.attrs "silkroad.role=$role:ecert")
  quiet ca_client "$st" register --id.name "$name" --id.secret "$secret" --id.type "$type" "${attrs[@]}"
  local url="https://$name:$secret@$SILKROAD_HOST:$(ca_port "$st")"
  local names="C=$st,O=$(msp_id "$st")"
  quiet ca_client "$st" enroll -u "$url" --mspdir "$msp" --csr.cn "$name" --csr.names "$names"
  mv "$msp/cacerts/"*.pem "$msp/cacerts/ca.pem"
  write_node_ous "$msp"
  if [[ -n $tls ]]; then
    quiet ca_client "$st" enroll -u "$url" --mspdir "$tls.enroll" --enrollment.profile tls \
      --csr.cn "$name" --csr.names "$names" --csr.hosts "$hosts"
    mkdir -p "$tls"
    cp "$tls.enroll/signcerts/cert.pem" "$tls/server.crt"
    cp "$tls.enroll/keystore/"*_sk "$tls/server.key"
    cp "$tls.enroll/tlscacerts/"*.pem "$tls/ca.crt"
    rm -rf "$tls.enroll"
  fi
  find "$msp" ${tls:+"$tls"} -type d -exec chmod 700 {} + ; find "$msp" ${tls:+"$tls"} -type f -name '*_sk' -exec chmod 600 {} +
  [[ -z $tls ]] || chmod 600 "$tls/server.key"
}

# Demo callers of the gateway: name and silkroad.role. Each gets an API key (only its hash is
# read by the gateway) and a key pair of its own; the gateway signs as the caller, never as itself.
# compromised-1 is there for RevocationIT to revoke on the running network (`silkroad.sh revoke`).
: "${SILKROAD_DEMO_USERS:=central-bank:central-bank customs:customs bank:bank business-1:business business-2:business carrier:business ehub:ehub court:court regulator:regulator device-1:device compromised-1:business}"

enroll_user() {  # enroll_user STATE NAME ROLE [DIR]: DIR defaults to the state's identities directory
  local st=$1 name=$2 role=$3 dir=${4:-$SILKROAD_RUN/$1/identities/$2}
  [[ -f $dir/cert.pem ]] && return 0
  local type=client; [[ $role == admin ]] && type=admin
  register_and_enroll "$st" "$name" "$type" "$role" "$dir/msp"
  cp "$dir/msp/signcerts/cert.pem" "$dir/cert.pem"
  (umask 077; cp "$dir/msp/keystore/"*_sk "$dir/key.pem")
  [[ -n $role ]] && echo "$role" >"$dir/role"
  [[ $name == gateway-probe ]] || write_api_key "$dir"
}

# matching_key CERT KEYSTORE_DIR: the key file whose public key is the certificate's.
matching_key() {
  local want f; want=$(openssl x509 -in "$1" -noout -pubkey)
  for f in "$2"/*_sk; do
    [[ -f $f && $(openssl pkey -in "$f" -pubout 2>/dev/null) == "$want" ]] && { echo "$f"; return 0; }
  done
  return 1
}

# reenroll_msp STATE NAME MSP OUT [HOSTS]: a new key pair and certificate for enrollment ID NAME, authenticated by the
# current certificate and key in MSP, written to OUT as a whole MSP folder: MSP's CA certificates and NodeOU rules,
# only the new key. With HOSTS, a TLS certificate instead (the CA's tls profile) for those host names.
reenroll_msp() {
  local st=$1 name=$2 msp=$3 out=$4 hosts=${5:-} key f
  rm -rf "$out"; mkdir -p "$out"; chmod 700 "$out"
  cp -a "$msp/signcerts" "$msp/keystore" "$out/"
  local args=(reenroll -u "$(ca_url "$st")" --mspdir "$out" --csr.cn "$name" --csr.names "C=$st,O=$(msp_id "$st")")
  [[ -z $hosts ]] || args+=(--enrollment.profile tls --csr.hosts "$hosts")
  quiet ca_client "$st" "${args[@]}" || die "$(ca_name "$st") did not re-enroll $name (see $SILKROAD_LOG)"
  key=$(matching_key "$out/signcerts/cert.pem" "$out/keystore") || die "the re-enrollment of $name left no key"
  for f in "$out/keystore"/*; do [[ $f == "$key" ]] || rm -f "$f"; done
  chmod 600 "$key"
  rm -rf "$out/cacerts" "$out/tlscacerts"
  cp -a "$msp/cacerts" "$out/"
  [[ ! -d $msp/tlscacerts ]] || cp -a "$msp/tlscacerts" "$out/"
  [[ ! -f $msp/config.yaml ]] || cp "$msp/config.yaml" "$out/"
}

# A new random API key in DIR/api-key (for the caller) and its SHA-256 in DIR/api-key.sha256 (for the gateway).
write_api_key() {
  (umask 077; openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n' >"$1/api-key")
  printf '%s' "$(cat "$1/api-key")" | sha256sum | cut -d' ' -f1 >"$1/api-key.sha256"
}

# Revokes every certificate of an enrollment ID with its state's CA and publishes the CA's CRL (publish_crl).
# Revoking again is harmless.
revoke_identity() {  # revoke_identity STATE ENROLLMENT_ID REASON
  local st=$1 name=$2 reason=$3
  quiet ca_client "$st" revoke -e "$name" -r "$reason" ||
    die "$(ca_name "$st") did not revoke $name (see $SILKROAD_LOG)"
  publish_crl "$st"
}

# Puts the CA's CRL (all it has revoked) into the state's organisation MSP, crls/crl.pem, where the channel's
# definition of the MSP takes it from: configtxgen for the genesis block, update_revocation_list (lib/channel.sh) on a
# running network.
publish_crl() {  # publish_crl STATE
  local st=$1 msp crl="$SILKROAD_RUN/$1/registrar/msp/crls/crl.pem"; msp=$(org_msp_dir "$st")
  # Not `revoke --gencrl`: when nothing new is revoked (a second time), Fabric CA 1.5.21 writes an empty CRL file.
  quiet ca_client "$st" gencrl && openssl crl -in "$crl" -noout 2>/dev/null ||
    die "$(ca_name "$st") did not give a CRL (see $SILKROAD_LOG)"
  mkdir -p "$msp/crls"
  cp "$crl" "$msp/crls/crl.pem"
}

# A caller whose enrollment certificate its state's CA has revoked (key compromise), before the genesis block is
# made, so the channel's MSP definition carries it from the start and every peer refuses the certificate
# (AccessMatrixIT proves it). It keeps an API key, so the gateway still accepts it and the refusal is seen where it
# is made: the peer. `silkroad.sh revoke` does the same to an identity of a running network (RevocationIT).
revoke_demo_user() {
  local st=$1 name=revoked-1
  [[ -f $(org_msp_dir "$st")/crls/crl.pem ]] && return 0
  enroll_user "$st" "$name" business
  revoke_identity "$st" "$name" keycompromise
}

enroll_orderer() {  # enroll_orderer STATE N: orderer N's enrollment and TLS certificates, unless it has them
  local st=$1 n=$2 base="$SILKROAD_RUN/$1/osn$2" name; name=$(orderer_name "$1" "$2")
  [[ -f $base/msp/signcerts/cert.pem ]] ||
    register_and_enroll "$st" "$name" orderer "" "$base/msp" "$base/tls" "$name,localhost,$SILKROAD_HOST"
}

enroll_state() {
  local st=$1 d; d=$(state_domain "$st")
  enroll_registrar "$st"
  build_org_msp "$st"
  local base="$SILKROAD_RUN/$st"
  [[ -f $base/admin/msp/signcerts/cert.pem ]] ||
    register_and_enroll "$st" admin-"$(lower "$st")" admin admin "$base/admin/msp" "$base/admin/tls" "localhost,$SILKROAD_HOST"
  [[ -f $base/peer0/msp/signcerts/cert.pem ]] ||
    register_and_enroll "$st" "$(peer_name "$st")" peer "" "$base/peer0/msp" "$base/peer0/tls" "$(peer_name "$st"),localhost,$SILKROAD_HOST"
  local node
  for node in $(orderer_nodes); do
    [[ ${node%%:*} == "$st" ]] || continue
    enroll_orderer "$st" "${node##*:}"
  done
  # The chaincode service's TLS server certificate, issued by the same state.
  [[ -f $base/chaincode/tls/server.crt ]] ||
    register_and_enroll "$st" "chaincode.$d" client "" "$base/chaincode/msp" "$base/chaincode/tls" "chaincode.$d,localhost,$SILKROAD_HOST"
  local u
  for u in $SILKROAD_DEMO_USERS gateway-probe:; do enroll_user "$st" "${u%%:*}" "${u#*:}"; done
  revoke_demo_user "$st"
  # Extra business identities for benchmarks (many distinct payers): SILKROAD_BENCH_USERS=40.
  local i
  for ((i = 1; i <= ${SILKROAD_BENCH_USERS:-0}; i++)); do enroll_user "$st" "$(printf 'bench-%03d' "$i")" business; done
  chmod 700 "$base/identities"
}
