# The `silkroad` chaincode: one package (type silkroad-ccaas, handled by network/builders/ccaas),
# installed on every state's peer, approved by every state, committed with the endorsement policy of a
# majority of states' peers (endorsement_policy). Each state runs the shaded jar as its own service.

# The network runs copies of the jars kept in the run folder, so that rebuilding the modules while
# the network is up never pulls a jar from under a running JVM.
CHAINCODE_JAR_BUILT="$ROOT/chaincode/target/silkroad-chaincode.jar"
GATEWAY_JAR_BUILT="$ROOT/client/target/silkroad-client.jar"
GATEWAY_JAR="$SILKROAD_RUN/jars/silkroad-client.jar"
cc_dir() { echo "$SILKROAD_RUN/chaincode"; }
project_version() { sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -n 1; }

# Each state's chaincode service runs in one of two slots: slot 0 on port +59 from silkroad-chaincode.jar as process
# chaincode-<ST>, slot 1 on port +58 from silkroad-chaincode-1.jar as chaincode-<ST>-1. The package names its slot,
# and the external builder points the peer at that slot's port (network/builders/ccaas/bin/release). An upgrade
# (lib/upgrade.sh) starts the new version in the slot not in use while the old one serves, switches the definition
# over, then stops the old one: no jar is replaced under a running JVM, and no port is taken twice.
chaincode_slot() { cat "$(cc_dir)/slot" 2>/dev/null || echo 0; }
chaincode_jar() {
  local slot=${1:-$(chaincode_slot)}; echo "$SILKROAD_RUN/jars/silkroad-chaincode$( ((slot == 0)) || echo "-$slot").jar"
}
chaincode_process() { local slot=${2:-$(chaincode_slot)}; echo "chaincode-$1$( ((slot == 0)) || echo "-$slot")"; }

# The version names the code (the jar's digest), the collections and the endorsement policy: new code, or a change of
# states, collections or policy, is a new definition. CC_SLOT (default: the slot in use) says whose jar.
cc_version() {
  local jar; jar=$(chaincode_jar "${CC_SLOT:-}")
  echo "${SILKROAD_CC_VERSION:-$(project_version)}-c$( (collections_config; endorsement_policy; sha256sum <"$jar") |
    sha256sum | cut -c1-8)"
}

# A majority of the states' peers, as one signature policy: OutOf(2, 'CNMSP.peer', 'MYMSP.peer', 'RWMSP.peer') for
# three states. It admits exactly the endorsements that the channel's default, the implicit "MAJORITY Endorsement"
# over each state's OR('<ST>MSP.peer'), admits; but every peer validating a transaction verifies each endorsement's
# signature once, where the implicit policy evaluates the states' sub-policies one after another and each of them
# verifies every endorsement again: 4 to 6 ECDSA verifications per transaction instead of 2, on every peer (a tenth
# of a peer's CPU under payments went to evaluating it; README.md, network/). A state that joins is added here, in a
# new definition every state approves, as its chaincode must be installed and approved anyway.
endorsement_policy() {
  local st principals=() n=0
  for st in $SILKROAD_STATES; do principals+=("'$(msp_id "$st").peer'"); n=$((n + 1)); done
  local IFS=,; echo "OutOf($((n / 2 + 1)),${principals[*]})"
}
# The label names the slot too: the same code packaged for the other slot is another package.
cc_label() { echo "${SILKROAD_CHAINCODE}_$(cc_version)_s${CC_SLOT:-$(chaincode_slot)}"; }
cc_package() { echo "$(cc_dir)/$(cc_label).tgz"; }

build_modules() {
  if [[ ${SILKROAD_SKIP_BUILD:-} == 1 && -f $CHAINCODE_JAR_BUILT && -f $GATEWAY_JAR_BUILT ]]; then
    log_info "Using the jars already built"
  else
    log_info "Building the chaincode and gateway jars (mvn package; the test command runs the tests)"
    (cd "$ROOT" && quiet mvn -B -ntp -q -DskipUnitTests=true -DskipTests package) || die "build failed (see $SILKROAD_LOG)"
  fi
  mkdir -p "$SILKROAD_RUN/jars"
}

build_jars() {
  build_modules
  cp "$CHAINCODE_JAR_BUILT" "$(chaincode_jar)"; cp "$GATEWAY_JAR_BUILT" "$GATEWAY_JAR"
}

# One private data collection per pair of states, see network/collections/README.md. A pair stays when a state leaves
# (Fabric refuses a definition that drops a collection), its members then the states of the pair still in the
# channel (Fabric refuses one that names an organisation the channel does not have); a pair whose two states both
# left is kept by the first member state, which holds only its hashes.
collections_config() {
  local states=() a b i j out=() members
  read -ra states <<<"$(tr ' ' '\n' <<<"$SILKROAD_STATE_SLOTS" | sort | tr '\n' ' ')"
  for ((i = 0; i < ${#states[@]}; i++)); do
    for ((j = i + 1; j < ${#states[@]}; j++)); do
      a=${states[i]} b=${states[j]}
      members=$(for s in "$a" "$b"; do [[ " $SILKROAD_STATES " != *" $s "* ]] || printf "'%s.member'," "$(msp_id "$s")"; done)
      members=${members:-"'$(msp_id "${SILKROAD_STATES%% *}").member',"}
      out+=("$(printf '{"name":"%s_%s","policy":"OR(%s)","requiredPeerCount":0,"maxPeerCount":1,"blockToLive":0,"memberOnlyRead":true,"memberOnlyWrite":false}' "$a" "$b" "${members%,}")")
    done
  done
  local IFS=,; echo "[${out[*]}]"
}
collections_file() { local f="$(cc_dir)/collections.json"; mkdir -p "$(cc_dir)"; collections_config >"$f"; echo "$f"; }

package_chaincode() {
  local dir slot=${CC_SLOT:-$(chaincode_slot)}; dir=$(cc_dir); mkdir -p "$dir/pkg"
  [[ -f $(cc_package) ]] && return 0
  printf '{"chaincode":"%s","version":"%s","jarSha256":"%s","slot":%d}\n' "$SILKROAD_CHAINCODE" "$(cc_version)" \
    "$(sha256sum "$(chaincode_jar "$slot")" | cut -d' ' -f1)" "$slot" >"$dir/pkg/chaincode.json"
  printf '{"type":"silkroad-ccaas","label":"%s"}\n' "$(cc_label)" >"$dir/pkg/metadata.json"
  tar -C "$dir/pkg" -czf "$dir/pkg/code.tar.gz" chaincode.json
  tar -C "$dir/pkg" -czf "$(cc_package)" metadata.json code.tar.gz
}

package_id() { (peer_admin_env "${SILKROAD_STATES%% *}"; "$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$(cc_package)"); }

# install_chaincode STATE PACKAGE_ID: the package file is named by the ID's label (cc_package).
install_chaincode() {
  local st=$1 id=$2
  ( peer_admin_env "$st"
    "$FABRIC_BIN/peer" lifecycle chaincode queryinstalled --output json 2>/dev/null |
      jq -e --arg id "$id" '.installed_chaincodes[]? | select(.package_id == $id)' >/dev/null && exit 0
    quiet "$FABRIC_BIN/peer" lifecycle chaincode install "$(cc_dir)/${id%%:*}.tgz" ) || die "install on $st failed"
}

committed_definition() {  # prints "version sequence" of the committed definition, or nothing
  ( peer_admin_env "${SILKROAD_STATES%% *}"
    "$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$SILKROAD_CHANNEL" -n "$SILKROAD_CHAINCODE" --output json 2>/dev/null |
      jq -r '"\(.version) \(.sequence)"' ) || true
}

# The definition an approval or a readiness check is about: this network's (cc_version, endorsement_policy,
# collections_file), or the one a signing round waits for (DEF_VERSION, DEF_POLICY, DEF_COLLECTIONS; approve_pending).
def_version() { echo "${DEF_VERSION:-$(cc_version)}"; }
def_policy() { echo "${DEF_POLICY:-$(endorsement_policy)}"; }
def_collections() { echo "${DEF_COLLECTIONS:-$(collections_file)}"; }

approve_chaincode() {
  local st=$1 id=$2 seq=$3
  ( peer_admin_env "$st"
    # shellcheck disable=SC2046
    quiet "$FABRIC_BIN/peer" lifecycle chaincode approveformyorg -C "$SILKROAD_CHANNEL" -n "$SILKROAD_CHAINCODE" \
      -v "$(def_version)" --package-id "$id" --sequence "$seq" --signature-policy "$(def_policy)" \
      --collections-config "$(def_collections)" $(first_orderer_args) --waitForEvent ) ||
    die "approval by $st failed"
}

commit_chaincode() {
  local seq=$1 args=() st
  for st in $SILKROAD_STATES; do
    args+=(--peerAddresses "$SILKROAD_HOST:$(peer_port "$st")" --tlsRootCertFiles "$SILKROAD_RUN/$st/peer0/tls/ca.crt")
  done
  ( peer_admin_env "${SILKROAD_STATES%% *}"
    # shellcheck disable=SC2046
    quiet "$FABRIC_BIN/peer" lifecycle chaincode commit -C "$SILKROAD_CHANNEL" -n "$SILKROAD_CHAINCODE" \
      -v "$(cc_version)" --sequence "$seq" --signature-policy "$(endorsement_policy)" \
      --collections-config "$(collections_file)" $(first_orderer_args) "${args[@]}" --waitForEvent ) ||
    die "chaincode commit failed"
}

# The chaincode service of one state, reachable only by that state's peer (mutual TLS, same CA).
# The shim serves with the *_FILE key and certificate (PEM). It also insists on the *_PATH pair and
# the peer root certificate, and reads the *_PATH files, base64-encoded as a peer would write them,
# for every stream a peer opens; so they hold the same key and certificate in that form.
# SILKROAD_CHAINCODE_TLS_CLIENT_CA_FILE makes the service require peers' client certificates.
# The shim's contract router logs three INFO lines per transaction (a fifth of the service's CPU in a payment
# profile): warnings and errors only, unless SILKROAD_CHAINCODE_SHIM_LOGGING says otherwise (INFO, DEBUG). The shim
# reads two variables: _SHIM for its own package, _LEVEL for the contract router's (where those lines come from).
start_chaincode_service() {  # start_chaincode_service STATE PACKAGE_ID [SLOT]
  local st=$1 id=$2 slot=${3:-$(chaincode_slot)} tls="$SILKROAD_RUN/$1/chaincode/tls"
  (umask 077; base64 -w0 "$tls/server.key" >"$tls/server.key.b64"; base64 -w0 "$tls/server.crt" >"$tls/server.crt.b64")
  CHAINCODE_SERVER_ADDRESS="$SILKROAD_HOST:$(chaincode_port "$st" "$slot")" \
  CORE_CHAINCODE_ID_NAME="$id" \
  CORE_PEER_TLS_ENABLED=true \
  CORE_TLS_CLIENT_KEY_FILE="$tls/server.key" \
  CORE_TLS_CLIENT_CERT_FILE="$tls/server.crt" \
  CORE_TLS_CLIENT_KEY_PATH="$tls/server.key.b64" \
  CORE_TLS_CLIENT_CERT_PATH="$tls/server.crt.b64" \
  CORE_PEER_TLS_ROOTCERT_FILE="$tls/ca.crt" \
  SILKROAD_CHAINCODE_TLS_CLIENT_CA_FILE="$tls/ca.crt" \
  CORE_CHAINCODE_LOGGING_SHIM="${SILKROAD_CHAINCODE_SHIM_LOGGING:-WARNING}" \
  CORE_CHAINCODE_LOGGING_LEVEL="${SILKROAD_CHAINCODE_SHIM_LOGGING:-WARNING}" \
    start_process "$(chaincode_process "$st" "$slot")" "$SILKROAD_RUN/$st/chaincode" \
      java ${SILKROAD_CHAINCODE_JAVA_OPTS:--Xms32m -Xmx128m} $SILKROAD_JAVA_OPTS $SILKROAD_CHAINCODE_JIT_OPTS \
        -jar "$(chaincode_jar "$slot")"
}

deploy_chaincode() {
  package_chaincode
  local id st
  id=$(package_id) || die "cannot compute the package ID"
  for st in $SILKROAD_STATES; do install_chaincode "$st" "$id"; start_chaincode_service "$st" "$id"; done
  for st in $SILKROAD_STATES; do wait_for_port "$(chaincode_process "$st")" "$(chaincode_port "$st")"; done
  define_chaincode "$id"
}

# define_chaincode PACKAGE_ID: unless the committed definition is this one (cc_version: the code, the states, their
# collections and the endorsement policy), the next sequence, approved by every state and committed.
#
# Each state approves on its own peer with its own admin. On one machine the scripts do it for every state; with
# SILKROAD_SIGNING=rounds only the first member state (the one running the command) approves here: the definition is
# written to .run/chaincode/pending/ and the command stops (exit 3), naming the states whose operators are to run
# silkroad.sh approve STATE. Run again, it commits once every member state has approved. Every one, not the majority
# Fabric would commit with: a state's peer runs no chaincode whose definition its state has not approved, so a
# straggler's peer would stop endorsing at the commit.
define_chaincode() {
  local id=$1 st current seq=1
  current=$(committed_definition)
  if [[ -n $current ]]; then
    [[ ${current% *} == "$(cc_version)" ]] && { log_info "chaincode $(cc_version) already committed (sequence ${current#* })"; return 0; }
    seq=$((${current#* } + 1))
  fi
  log_info "Defining chaincode $SILKROAD_CHAINCODE $(cc_version) (sequence $seq): every state approves it, then it is" \
    "committed"
  # A state that approved it before a join or departure was cut short is skipped: Fabric refuses the same approval
  # twice ("redefine uncommitted sequence ... with unchanged content").
  local approved waiting=(); approved=$(approved_states "$seq")
  for st in $SILKROAD_STATES; do
    if grep -qx "$(msp_id "$st")" <<<"$approved"; then log_info "$st has approved it already"; continue; fi
    if [[ $SILKROAD_SIGNING == rounds && $st != "${SILKROAD_STATES%% *}" ]]; then waiting+=("$st"); continue; fi
    approve_chaincode "$st" "$id" "$seq"
  done
  if ((${#waiting[@]} > 0)); then
    write_pending_definition "$id" "$seq"
    log_info "The definition waits for the approvals of ${waiting[*]}: each of their operators runs silkroad.sh" \
      "approve STATE on its own machine (it shows the definition first); then run this command again"
    exit "$SIGNATURES_WANTED"
  fi
  commit_chaincode "$seq"
  rm -rf "$(pending_dir)"
}

pending_dir() { echo "$(cc_dir)/pending"; }

# write_pending_definition PACKAGE_ID SEQUENCE: what the states are asked to approve, as approve_pending reads it.
write_pending_definition() {
  local dir; dir=$(pending_dir); mkdir -p "$dir"
  cp "$(collections_file)" "$dir/collections.json"
  { printf 'DEF_PACKAGE_ID=%q\n' "$1"; printf 'DEF_SEQUENCE=%q\n' "$2"; printf 'DEF_VERSION=%q\n' "$(cc_version)"
    printf 'DEF_POLICY=%q\n' "$(endorsement_policy)"; } >"$dir/definition.env"
}

# approve_pending STATE: STATE's operator reads the definition a signing round waits for and approves it on STATE's
# peer with STATE's admin, unless STATE has.
approve_pending() {
  local st=$1 dir DEF_PACKAGE_ID DEF_SEQUENCE DEF_VERSION DEF_POLICY DEF_COLLECTIONS current
  dir=$(pending_dir)
  [[ -f $dir/definition.env ]] || die "no chaincode definition waits for approvals"
  . "$dir/definition.env"
  DEF_COLLECTIONS="$dir/collections.json"
  current=$(committed_definition)
  if [[ -n $current ]] && ((${current#* } >= DEF_SEQUENCE)); then
    log_info "Sequence $DEF_SEQUENCE is committed already (the committed definition is ${current% *}, sequence" \
      "${current#* })"
    return 0
  fi
  echo "chaincode $SILKROAD_CHAINCODE on channel $SILKROAD_CHANNEL, sequence $DEF_SEQUENCE" \
    "(committed: ${current:-none}):"
  echo "  version             $DEF_VERSION"
  echo "  package             $DEF_PACKAGE_ID"
  echo "  endorsement policy  $DEF_POLICY"
  jq -r '.[] | "  collection          \(.name): \(.policy)"' "$DEF_COLLECTIONS"
  ( peer_admin_env "$st"
    "$FABRIC_BIN/peer" lifecycle chaincode queryinstalled --output json 2>>"$SILKROAD_LOG" |
      jq -e --arg id "$DEF_PACKAGE_ID" '.installed_chaincodes[]? | select(.package_id == $id)' >/dev/null ) ||
    die "$st's peer has not installed $DEF_PACKAGE_ID: install the package (the same file) first"
  if approved_states "$DEF_SEQUENCE" | grep -x "$(msp_id "$st")" >/dev/null; then
    log_info "$st has approved it already"
  else
    approve_chaincode "$st" "$DEF_PACKAGE_ID" "$DEF_SEQUENCE"
    log_info "Approved by $st"
  fi
  log_info "Approved by $(approved_states "$DEF_SEQUENCE" | xargs)"
}

# approved_states SEQUENCE: the MSP IDs whose approval of this definition (def_version, SEQUENCE) the channel holds.
approved_states() {
  ( peer_admin_env "${SILKROAD_STATES%% *}"
    "$FABRIC_BIN/peer" lifecycle chaincode checkcommitreadiness -C "$SILKROAD_CHANNEL" -n "$SILKROAD_CHAINCODE" \
      -v "$(def_version)" --sequence "$1" --signature-policy "$(def_policy)" \
      --collections-config "$(def_collections)" --output json 2>>"$SILKROAD_LOG" |
      jq -r '.approvals | to_entries[] | select(.value) | .key' ) || true
}
