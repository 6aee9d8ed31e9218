# A throwaway PostgreSQL server for the explorer's store tests and one gateway's explorer index (test.sh): a new
# cluster in a temporary folder, bound to $SILKROAD_HOST, trust authentication for the user silkroad, fsync off;
# deleted when stopped (kept, stopped, after a failed test run). The server binaries come from
# SILKROAD_POSTGRESQL_BIN, else the folder of pg_ctl on the PATH, else the newest /usr/lib/postgresql/<v>/bin
# (Debian's packages). PostgreSQL refuses to run as root: as root, the server runs as the user postgres.

: "${SILKROAD_TEST_POSTGRESQL_PORT:=$((SILKROAD_PORT_BASE + 8432))}"
TEST_POSTGRESQL_DIR=""
TEST_POSTGRESQL_URL=""
TEST_POSTGRESQL_WHY_NOT=""
TEST_POSTGRESQL_AS=()  # runuser -u postgres -- when this shell runs as root

postgresql_bin() {
  local dir
  if [[ -n ${SILKROAD_POSTGRESQL_BIN:-} ]]; then
    echo "$SILKROAD_POSTGRESQL_BIN"
  elif command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"  # the folder of the real programs, psql included
  else
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
      [[ -x $dir/pg_ctl ]] && { echo "$dir"; return; }
    done
  fi
}

# Starts the server and sets TEST_POSTGRESQL_URL; on failure sets TEST_POSTGRESQL_WHY_NOT and returns 1.
start_test_postgresql() {
  local bin dir
  bin=$(postgresql_bin)
  if [[ -z $bin || ! -x $bin/initdb || ! -x $bin/pg_ctl ]]; then
    TEST_POSTGRESQL_WHY_NOT="no PostgreSQL server programs (initdb, pg_ctl) on this machine"
    return 1
  fi
  if (($(id -u) == 0)); then
    if ! id postgres >/dev/null 2>&1; then
      TEST_POSTGRESQL_WHY_NOT="running as root, and there is no user postgres to run the server as"
      return 1
    fi
    TEST_POSTGRESQL_AS=(runuser -u postgres --)
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/silkroad-postgresql.XXXXXX")
  ((${#TEST_POSTGRESQL_AS[@]} == 0)) || chown postgres: "$dir"
  TEST_POSTGRESQL_DIR=$dir
  if ! "${TEST_POSTGRESQL_AS[@]}" "$bin/initdb" -D "$dir/data" -U silkroad -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
    TEST_POSTGRESQL_WHY_NOT="initdb failed: $(tail -3 "$dir/initdb.log" | tr '\n' ' ')"
    stop_test_postgresql
    return 1
  fi
  if ! "${TEST_POSTGRESQL_AS[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-h $SILKROAD_HOST -p $SILKROAD_TEST_POSTGRESQL_PORT -k $dir -F" start >/dev/null; then
    TEST_POSTGRESQL_WHY_NOT="the server did not start on $SILKROAD_HOST:$SILKROAD_TEST_POSTGRESQL_PORT: $(
      tail -3 "$dir/server.log" 2>/dev/null | tr '\n' ' ')"
    stop_test_postgresql
    return 1
  fi
  TEST_POSTGRESQL_URL="jdbc:postgresql://$SILKROAD_HOST:$SILKROAD_TEST_POSTGRESQL_PORT/postgres?user=silkroad"
  log_info "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the explorer's tests on" \
    "$SILKROAD_HOST:$SILKROAD_TEST_POSTGRESQL_PORT (cluster in $dir)"
}

# Makes a schema on the server and prints a JDBC URL whose connections use it (test.sh puts a gateway's index there).
test_postgresql_schema() {
  local name=$1
  "$(postgresql_bin)/psql" -q -v ON_ERROR_STOP=1 -h "$SILKROAD_HOST" -p "$SILKROAD_TEST_POSTGRESQL_PORT" -U silkroad \
    -d postgres -c "CREATE SCHEMA $name" >/dev/null || return 1
  echo "$TEST_POSTGRESQL_URL&currentSchema=$name"
}

# Stops the server this script started (its postmaster, by the pid file of its own cluster) and deletes its folder;
# with "keep" (a failed test run, whose network folder is kept too) it leaves the stopped cluster, and the explorer
# index in it, for inspection and says how to start it again.
stop_test_postgresql() {
  local dir=$TEST_POSTGRESQL_DIR keep=${1:-}
  [[ -n $dir ]] || return 0
  if [[ -f $dir/data/postmaster.pid ]]; then
    "${TEST_POSTGRESQL_AS[@]}" "$(postgresql_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ $keep == keep ]]; then
    local as=${TEST_POSTGRESQL_AS[*]:+${TEST_POSTGRESQL_AS[*]} }
    log_info "PostgreSQL cluster kept in $dir (stopped); to look at it: ${as}$(postgresql_bin)/pg_ctl -D $dir/data" \
      "-o '-h $SILKROAD_HOST -p $SILKROAD_TEST_POSTGRESQL_PORT -k $dir' start; delete the folder when done"
  else
    rm -rf "$dir"
  fi
  TEST_POSTGRESQL_DIR=""
  TEST_POSTGRESQL_URL=""
}
