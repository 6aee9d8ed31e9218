#!/usr/bin/env bash
# Property-based fuzzing of the REST gateways' edge with schemathesis (from PyPI, pinned, in a venv under
# $SILKROAD_CACHE): every operation of each gateway's OpenAPI document, valid and invalid input, as a real caller.
# Fails on any 5xx, any error that is not a problem detail with a stable code, and any refused (4xx) request after
# which a peer's channel height grew (see test-network/fuzz/silkroad_checks.py).
#   SILKROAD_FUZZ_STATES    states whose gateway is fuzzed (default: the first state)
#   SILKROAD_FUZZ_CALLERS   identities whose API key is sent (default: "central-bank business-1")
#   SILKROAD_FUZZ_EXAMPLES  test cases per operation and phase (default 10)
#   SILKROAD_FUZZ_SEED      seed, for reproducible runs (default 20261128)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/test-network/lib/common.sh"

: "${SCHEMATHESIS_VERSION:=4.32.5}"
: "${SILKROAD_FUZZ_STATES:=${SILKROAD_STATES%% *}}"
: "${SILKROAD_FUZZ_CALLERS:=central-bank business-1}"
: "${SILKROAD_FUZZ_EXAMPLES:=10}"
: "${SILKROAD_FUZZ_SEED:=20261128}"
SCHEMATHESIS_VENV="$SILKROAD_CACHE/schemathesis-$SCHEMATHESIS_VERSION"

# Idempotent: a venv holding exactly this version is left alone.
install_schemathesis() {
  local st="$SCHEMATHESIS_VENV/bin/schemathesis"
  if [[ -x $st ]] && "$st" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then return 0; fi
  log_info "Installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMATHESIS_VENV"
  rm -rf "$SCHEMATHESIS_VENV"
  python3 -m venv "$SCHEMATHESIS_VENV" || die "python3 -m venv failed (install python3-venv)"
  quiet "$SCHEMATHESIS_VENV/bin/pip" install --disable-pip-version-check -q "schemathesis==$SCHEMATHESIS_VERSION" ||
    die "pip could not install schemathesis $SCHEMATHESIS_VERSION"
}

fuzz_gateway() {
  local st=$1 caller=$2 net="$SILKROAD_RUN/network.json"
  local url key out metrics
  url=$(jq -r --arg s "$st" '.states[$s].gateway.url' "$net")
  key="$SILKROAD_RUN/$st/identities/$caller/api-key"
  [[ -f $key ]] || die "no API key $key"
  metrics=$(jq -r '[.states[].peer.operations + "/metrics"] | join(",")' "$net")
  out="$LOG_DIR/fuzz-$st-$caller"
  rm -rf "$out"; mkdir -p "$out"
  log_info "Fuzzing $url/v3/api-docs as $st/$caller ($SILKROAD_FUZZ_EXAMPLES examples per operation, seed $SILKROAD_FUZZ_SEED)"
  # Checks left out, and why: positive_data_acceptance (a request valid by the schema is still refused by business
  # rules: unknown wallet, not the issuer, no funds), negative_data_rejection (the gateway reads a JSON number where
  # a string is declared by its literal digits, as client/README.md documents for amounts and IDs, so `"requestId": 7`
  # is accepted as "7"), ensure_resource_availability and use_after_free (stateful heuristics that assume REST
  # create/read/delete of one resource; a freeze and its DELETE are not that).
  # The payment stream is left out: a valid request opens a server-sent event stream that only ends after
  # silkroad.currency.streams.timeout (30 min), which a fuzzer would read as a hang. Its parameters are validated by
  # the same code as the history endpoint's, which is fuzzed.
  local rc=0
  (cd "$out" &&
    PYTHONPATH="$ROOT/test-network/fuzz" SCHEMATHESIS_HOOKS=silkroad_checks SILKROAD_FUZZ_PEER_METRICS="$metrics" \
    SILKROAD_CHANNEL="$SILKROAD_CHANNEL" SILKROAD_FUZZ_COUNTS="$out/counts.json" \
    "$SCHEMATHESIS_VENV/bin/schemathesis" run "$url/v3/api-docs" \
      --header "X-API-Key: $(cat "$key")" \
      --checks all --exclude-checks positive_data_acceptance,negative_data_rejection,ensure_resource_availability,use_after_free \
      --exclude-path-regex '/stream$' \
      --workers 1 --max-examples "$SILKROAD_FUZZ_EXAMPLES" --seed "$SILKROAD_FUZZ_SEED" \
      --request-timeout 90 --output-sanitize true \
      --report junit --report-dir "$out" >"$out/schemathesis.log" 2>&1) || rc=$?
  local counts; counts=$(cat "$out/counts.json" 2>/dev/null || echo '{}')
  tail -n 25 "$out/schemathesis.log"
  log_info "Fuzzed $st as $caller: $(jq -r '"\(.requests // 0) requests, \(.refused // 0) refused (each checked for no ledger change: \(.ledger_checked // 0)), \(.accepted // 0) accepted"' <<<"$counts") (log: $out/schemathesis.log)"
  return $rc
}

[[ -f $SILKROAD_RUN/network.json ]] || die "no network in $SILKROAD_RUN (test-network/silkroad.sh up)"
install_schemathesis
failed=0
for st in $SILKROAD_FUZZ_STATES; do
  for caller in $SILKROAD_FUZZ_CALLERS; do fuzz_gateway "$st" "$caller" || failed=1; done
done
((failed == 0)) || die "the fuzzer found failures (see the logs above)"
