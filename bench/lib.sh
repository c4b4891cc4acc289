# Shared machinery of the benchmarks in bench/, sourced (not run):
#   bench_init                  a temp folder $work (removed on exit unless BENCH_KEEP=1), $results emptied
#   bench_start_mariadb [POOL [ARG...]]  a throwaway MariaDB on loopback: $my_port, my (client
#                               over the socket); ARGs go to mariadbd (e.g. --log-bin=...)
#   bench_start_postgres [SETTING...]    a throwaway PostgreSQL on loopback: $pg_port, pg (psql);
#                               each SETTING (name=value) is passed as -c (e.g. wal_level=logical)
#   timed NAME CMD...           runs CMD, appends "NAME seconds peak_kb cpu_seconds server_cpu_seconds"
#                               to $results and prints it (exits on failure, with CMD's stderr;
#                               with TIMED_FAIL=return, returns 1 instead)
#   median NAME FIELD           median of a field over the rounds (2=seconds,3=kb,4=cpu,5=server cpu)
#   max_of NAME FIELD           the largest
#   ratio A B                   A / B to two decimals (n/a when either is nan)
#   met X Y                     "met" when X <= Y, else "MISSED"
#   st PROJECT ARGS...          strata -C PROJECT ARGS...
#   run_or_die CMD...           runs CMD quietly; on failure prints its output and exits
#   bench_load_t N [FIRST_DAY]  MariaDB table bench.t (the merge and history benches'
#                               schema: id bigint key, optime datetime indexed, three
#                               short varchars, decimal(12,2), nullable text) with N rows,
#                               optimes spread over the year before FIRST_DAY (2023-01-01)
#   bench_load_both N           the sync and verify benches' table t (the same schema) with N
#                               rows, (re)created in MariaDB bench.t and PostgreSQL bench.t
#                               (role and database bench); optimes over one day
#   bench_my_conn               sets $conn: the connections: block of a project on that server
#   du_bytes PATH...            bytes on disk under the paths that exist (du -sb, summed)
#   perf_by_kind PERF_DATA      a perf profile's self samples summed by what the code does
# The caller sets -euo pipefail and cds where it wants; STRATA names the binary.

STRATA=${STRATA:-$PWD/build/strata}

bench_init() {
  [ -x "$STRATA" ] || { echo "build strata first: bash scripts/build.sh" >&2; exit 1; }
  work=$(mktemp -d /tmp/strata-bench.XXXXXX)
  chmod 755 "$work"
  results="$work/results"
  : > "$results"
  export BENCH_PW=bench
  trap bench_cleanup EXIT
}

bench_cleanup() {
  [ -f "$work/my.pid" ] && kill "$(cat "$work/my.pid")" 2>/dev/null || true
  if [ -n "${pg_bin:-}" ]; then
    runuser -u postgres -- "$pg_bin"/pg_ctl -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  sleep 1
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "kept $work (BENCH_KEEP=1)"; else rm -rf "$work"; fi
}

# A port nothing listens on yet (the two after it are for PostgreSQL).
bench_pick_port() {
  my_port=$((20000 + RANDOM % 10000))
  pg_port=$((my_port + 1))
}

bench_start_mariadb() {  # bench_start_mariadb [BUFFER_POOL [MARIADBD_ARG...]]
  local pool=${1:-1G}
  shift || true
  [ -n "${my_port:-}" ] || bench_pick_port
  echo "== starting MariaDB :$my_port in $work"
  mariadb-install-db --no-defaults --datadir="$work/my" --auth-root-authentication-method=normal >/dev/null 2>&1
  mariadbd --no-defaults --datadir="$work/my" --socket="$work/my.sock" --port="$my_port" \
    --bind-address=127.0.0.1 --skip-name-resolve --user=root --pid-file="$work/my.pid" \
    --innodb-buffer-pool-size="$pool" --log-error="$work/my.err" "$@" &
  for _ in $(seq 100); do my -e 'select 1' >/dev/null 2>&1 && break; sleep 0.2; done
  for _ in $(seq 50); do [ -s "$work/my.pid" ] && break; sleep 0.1; done
  my -e "CREATE DATABASE IF NOT EXISTS bench; CREATE USER IF NOT EXISTS bench@'%' IDENTIFIED BY 'bench';
         GRANT ALL ON *.* TO bench@'%';"
}

bench_start_postgres() {  # bench_start_postgres [NAME=VALUE...]
  local settings="" s
  for s in "$@"; do settings+=" -c $s"; done
  [ -n "${pg_port:-}" ] || bench_pick_port
  # The newest PostgreSQL server installed, as the test harness picks it.
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  [ -x "$pg_bin/postgres" ] || { echo "no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }
  echo "== starting PostgreSQL :$pg_port in $work"
  install -d -o postgres "$work/pg"
  runuser -u postgres -- "$pg_bin"/initdb -D "$work/pg/data" -U postgres --auth=trust >/dev/null
  runuser -u postgres -- "$pg_bin"/pg_ctl -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c shared_buffers=512MB$settings" start >/dev/null
}

my() { mariadb -S "$work/my.sock" -u root "$@"; }
pg() { psql -q -h 127.0.0.1 -p "$pg_port" -U postgres "$@"; }

# CPU seconds the servers started here have used so far: mariadbd itself, and
# the postmaster with the backends it has reaped (utime, stime, cutime, cstime).
server_cpu() {
  local stats=()
  [ -f "$work/my.pid" ] && stats+=("/proc/$(cat "$work/my.pid")/stat")
  [ -f "$work/pg/data/postmaster.pid" ] && stats+=("/proc/$(head -1 "$work/pg/data/postmaster.pid")/stat")
  [ ${#stats[@]} -gt 0 ] || { echo 0; return; }
  awk -v hz="$(getconf CLK_TCK)" '{ t += $14 + $15 + $16 + $17 } END { printf "%.2f", t / hz }' "${stats[@]}"
}

timed() {
  local name=$1; shift
  local before; before=$(server_cpu)
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/cmd.out" 2>"$work/cmd.err" ||
    { echo "$name failed:"; tail -n 20 "$work/cmd.out" "$work/cmd.err"
      [ "${TIMED_FAIL:-exit}" = return ] && return 1; exit 1; }
  # The postmaster counts a backend's CPU once it has reaped it, a moment
  # after the client has gone.
  sleep 0.2
  local server; server=$(awk -v a="$before" -v b="$(server_cpu)" 'BEGIN { printf "%.2f", b - a }')
  read -r wall kb user sys < "$work/time"
  local cpu; cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$name $wall $kb $cpu $server" >> "$results"
  printf '   %-22s %8.2fs %8d KB  cpu %6.2fs  server cpu %6.2fs\n' "$name" "$wall" "$kb" "$cpu" "$server"
}

median() {
  awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$results" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
max_of() { awk -v n="$1" -v f="$2" '$1 == n && $f > x { x = $f } END { print x + 0 }' "$results"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
met() { if awk -v x="$1" -v y="$2" 'BEGIN { exit !(x != "n/a" && x <= y) }'; then echo met; else echo MISSED; fi; }

st() { local p=$1; shift; "$STRATA" -C "$p" "$@"; }
run_or_die() { "$@" > "$work/setup.out" 2>&1 || { cat "$work/setup.out"; exit 1; }; }

bench_load_t() {
  local n=$1
  my bench -e "CREATE TABLE t (id BIGINT PRIMARY KEY, optime DATETIME NOT NULL, name VARCHAR(32),
      city VARCHAR(32), status VARCHAR(16), amount DECIMAL(12,2), note TEXT NULL, KEY (optime));
    INSERT INTO t SELECT seq, '2023-01-01' + INTERVAL ((seq * 7919) % 31536000) SECOND,
      CONCAT('name', seq), CONCAT('city', seq % 1000), ELT(1 + seq % 3, 'new', 'paid', 'shipped'),
      (seq % 100000) / 100, IF(seq % 5 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_$n;"
  bench_settle_mariadb
}

bench_load_both() {
  local n=$1
  echo "== loading $n rows"
  my -e "CREATE DATABASE IF NOT EXISTS bench; CREATE USER IF NOT EXISTS bench@'%' IDENTIFIED BY 'bench';
         GRANT ALL ON *.* TO bench@'%'; USE bench; DROP TABLE IF EXISTS bench.t;
         CREATE TABLE bench.t (id BIGINT PRIMARY KEY, optime DATETIME NOT NULL, name VARCHAR(32),
           city VARCHAR(32), status VARCHAR(16), amount DECIMAL(12,2), note TEXT NULL, KEY (optime));
         INSERT INTO bench.t SELECT seq, '2024-01-01' + INTERVAL (seq % 86400) SECOND,
           CONCAT('name', seq), CONCAT('city', seq % 1000), ELT(1 + seq % 3, 'new', 'paid', 'shipped'),
           (seq % 100000) / 100, IF(seq % 5 = 0, NULL, CONCAT('note ', seq)) FROM seq_1_to_$n;"
  pg -d postgres -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bench')
         THEN CREATE ROLE bench LOGIN SUPERUSER PASSWORD 'bench'; END IF; END \$\$;" \
     -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench OWNER bench" 2>&1 | grep -v NOTICE || true
  pg -d bench -c "CREATE TABLE t (id bigint PRIMARY KEY, optime timestamp NOT NULL, name varchar(32),
           city varchar(32), status varchar(16), amount numeric(12,2), note text);
         INSERT INTO t SELECT s, '2024-01-01'::timestamp + (s % 86400) * interval '1 second',
           'name' || s, 'city' || (s % 1000), (ARRAY['new','paid','shipped'])[1 + s % 3],
           (s % 100000) / 100.0, CASE WHEN s % 5 = 0 THEN NULL ELSE 'note ' || s END
         FROM generate_series(1, $n) s;
         CREATE INDEX ON t (optime);" -c "VACUUM ANALYZE t" -c "CHECKPOINT"
  bench_settle_mariadb
}

# Waits until MariaDB has written the pages a load dirtied, so that its
# background flushing is not counted as the next command's server CPU.
bench_settle_mariadb() {
  my -e "SET GLOBAL innodb_max_dirty_pages_pct = 0"
  for _ in $(seq 300); do
    [ "$(my -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | awk '{ print $2 }')" = 0 ] && break
    sleep 0.2
  done
  my -e "SET GLOBAL innodb_max_dirty_pages_pct = DEFAULT"
}

bench_my_conn() {
  conn="connections:
  my: { url: \"mysql://bench@127.0.0.1:$my_port/bench\", password_env: BENCH_PW }"
}

du_bytes() {
  local p t=0
  for p in "$@"; do [ -e "$p" ] && t=$((t + $(du -sb "$p" | cut -f1))); done
  echo "$t"
}

perf_by_kind() {
  perf report -i "$1" --no-children --sort dso,symbol -g none --percent-limit 0 --stdio 2>/dev/null |
    awk '$1 ~ /%$/ {
      pct = $1 + 0; dso = $2; sym = ""; for (i = 4; i <= NF; i++) sym = sym " " $i
      if (sym ~ /ZSTD_decomp|ZSTD_decode|HUF_decomp|HUF_decode|FSE_decode|ZSTD_build/) k = "zstd decompression (reading Parquet)"
      else if (sym ~ /ZSTD|HUF_|FSE_|zstd/) k = "zstd compression (writing Parquet)"
      else if (sym ~ /Writer|Analyze|Dictionary|Statistics|WriteData|Encoder|Encode/) k = "Parquet writer: dictionaries, stats, encoding"
      else if (sym ~ /Reader|Plain|Decode|Decoder|Thrift|Parquet/) k = "Parquet reader: decoding"
      else if (sym ~ /Join|Hash|Aggregate|Probe|Scatter|Gather|TupleData|RowMatcher|Radix|Sort|Distinct/) k = "joins and hash tables"
      else if (dso ~ /kernel/) k = "kernel (sockets, page faults, files)"
      else if (dso ~ /^libc/) k = "libc (memcpy, malloc)"
      else if (dso ~ /duckdb/) k = "DuckDB, other"
      else k = "strata + MariaDB client (value conversion, protocol)"
      t[k] += pct } END { for (k in t) printf "   %5.1f %%  %s\n", t[k], k }' | sort -rn
}
