# Installs Hyperledger Fabric and Fabric CA from the Go module proxy, built with the local Go
# toolchain into $SILKROAD_CACHE (outside the repository). Idempotent: a second run only checks
# versions. Sourced by silkroad.sh after common.sh.

# Fabric's module path has no /v3 suffix, so the v3.1.5 tag is not a valid module version; the
# release commit is addressed by its canonical pseudo-version instead (commit time + hash).
: "${FABRIC_MODULE_VERSION:=v1.4.0-rc1.0.20260618074816-${FABRIC_COMMIT:0:12}}"
FABRIC_TOOLS="peer orderer osnadmin configtxgen configtxlator"
FABRIC_CA_TOOLS="fabric-ca-server fabric-ca-client"

fabric_installed() {
  local t
  for t in $FABRIC_TOOLS; do [[ -x $FABRIC_BIN/$t ]] || return 1; done
  [[ -f $FABRIC_CONFIG/core.yaml && -f $FABRIC_CONFIG/orderer.yaml ]] || return 1
  "$FABRIC_BIN/peer" version 2>/dev/null | grep -q "Version: $FABRIC_VERSION\$" || return 1
  "$FABRIC_BIN/orderer" version 2>/dev/null | grep -q "Version: $FABRIC_VERSION\$"
}

fabric_ca_installed() {
  [[ -x $CA_BIN/fabric-ca-server && -x $CA_BIN/fabric-ca-client ]] || return 1
  "$CA_BIN/fabric-ca-server" version 2>/dev/null | grep -q "Version: v\?$FABRIC_CA_VERSION\$"
}

# go_build_tools MODULE VERSION OUT_DIR LDFLAGS PACKAGE...
# `go install pkg@version` also asks the proxy for the module's version list (for deprecation
# notices), which some proxies refuse; a throw-away module that requires the exact version avoids it.
go_build_tools() {
  local module=$1 version=$2 out=$3 ldflags=$4; shift 4
  command -v go >/dev/null || die "Go is required to install Fabric (https://go.dev/doc/install)"
  local work; work=$(mktemp -d)
  (
    cd "$work"
    export GOFLAGS=-mod=mod
    go mod init silkroad.local/install >/dev/null 2>&1
    local p; for p in "$@"; do go get "$p@$version" || exit 1; done
    mkdir -p "$out"
    go build -trimpath -ldflags "$ldflags" -o "$out/" "$@"
  ) >>"$SILKROAD_LOG" 2>&1
  local rc=$?
  rm -rf "$work"
  return $rc
}

install_fabric() {
  if fabric_installed; then log_info "Fabric $FABRIC_VERSION found in $SILKROAD_FABRIC_HOME"; return 0; fi
  log_info "Installing Fabric $FABRIC_VERSION ($FABRIC_MODULE_VERSION) from the Go module proxy into $SILKROAD_FABRIC_HOME (first run: several minutes)"
  local pkgs=() t
  for t in $FABRIC_TOOLS; do pkgs+=("github.com/hyperledger/fabric/cmd/$t"); done
  local meta=github.com/hyperledger/fabric/common/metadata
  if ! go_build_tools github.com/hyperledger/fabric "$FABRIC_MODULE_VERSION" "$FABRIC_BIN" \
      "-X $meta.Version=$FABRIC_VERSION -X $meta.CommitSHA=${FABRIC_COMMIT:0:8}" "${pkgs[@]}"; then
    grep -E "403|404|410|not available" "$SILKROAD_LOG" | tail -n 3 >&2
    die "could not install Fabric $FABRIC_VERSION from the Go module proxy ($(go env GOPROXY)). If this machine's proxy refuses github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION, point SILKROAD_FABRIC_HOME at a directory holding bin/{${FABRIC_TOOLS// /,}} and config/{core.yaml,orderer.yaml} of Fabric $FABRIC_VERSION."
  fi
  local src; src="$(go env GOMODCACHE)/github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION/sampleconfig"
  mkdir -p "$FABRIC_CONFIG"
  cp "$src/core.yaml" "$src/orderer.yaml" "$FABRIC_CONFIG/" && chmod 644 "$FABRIC_CONFIG"/*.yaml
  fabric_installed || die "Fabric tools in $FABRIC_BIN do not report version $FABRIC_VERSION"
  log_info "Fabric $FABRIC_VERSION installed"
}

install_fabric_ca() {
  if fabric_ca_installed; then log_info "Fabric CA $FABRIC_CA_VERSION found in $SILKROAD_FABRIC_CA_HOME"; return 0; fi
  log_info "Installing Fabric CA $FABRIC_CA_VERSION from the Go module proxy into $SILKROAD_FABRIC_CA_HOME"
  go_build_tools github.com/hyperledger/fabric-ca "v$FABRIC_CA_VERSION" "$CA_BIN" \
      "-X github.com/hyperledger/fabric-ca/lib/metadata.Version=$FABRIC_CA_VERSION" \
      github.com/hyperledger/fabric-ca/cmd/fabric-ca-server github.com/hyperledger/fabric-ca/cmd/fabric-ca-client \
    || die "could not install Fabric CA $FABRIC_CA_VERSION (see $SILKROAD_LOG)"
  fabric_ca_installed || die "Fabric CA tools in $CA_BIN do not report version $FABRIC_CA_VERSION"
  log_info "Fabric CA $FABRIC_CA_VERSION installed"
}

install_all() {
  mkdir -p "$LOG_DIR"
  install_fabric_ca
  install_fabric
}

# The explorer's UI tests drive Debian's chromium through Debian's chromedriver (never a downloaded browser).
# Idempotent: does nothing when both are there; installs them with apt-get otherwise (as root, or with sudo).
install_chromium() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then return 0; fi
  log_info "Installing chromium and chromium-driver (explorer UI tests)"
  local sudo=(); ((EUID == 0)) || sudo=(sudo -n)
  { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y chromium chromium-driver; } \
    >>"$SILKROAD_LOG" 2>&1 || die "could not install chromium and chromium-driver with apt-get (see $SILKROAD_LOG)"
}
