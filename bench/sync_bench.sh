#!/usr/bin/env bash
# strata against the tools a user would otherwise use, side by side in one run.
#
# Creates the same table (id bigint primary key, optime datetime indexed,
# three short varchars, decimal(12,2), a nullable text) in a throwaway MariaDB
# and PostgreSQL on loopback, then times, over several rounds:
#   strata MariaDB -> Parquet (1 and 2 channels)   vs  mydumper (1 and 2 threads),
#                                                       mariadb --quick --batch > file
#   strata PostgreSQL -> Parquet (1 and 2 channels) vs psql \copy ... (format binary)
# and prints medians, ratios and strata's peak resident memory; then the peak
# memory again at twice the rows.
#
#   bash bench/sync_bench.sh            # 5,000,000 rows, 3 rounds, RSS check at 10,000,000
#   ROWS=200000 ROUNDS=1 BIG_ROWS=0 bash bench/sync_bench.sh   # a quick look
# Needs: scripts/setup.sh done and build/strata built (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-5000000}
ROUNDS=${ROUNDS:-3}
BIG_ROWS=${BIG_ROWS:-10000000}
source bench/lib.sh
bench_init
bench_start_mariadb
bench_start_postgres

project="$work/project"
mkdir -p "$project"
cat > "$project/strata.yaml" <<YAML
name: bench
connections:
  my: { url: "mysql://bench@127.0.0.1:$my_port/bench", password_env: BENCH_PW }
  pg: { url: "postgres://bench@127.0.0.1:$pg_port/bench", password_env: BENCH_PW }
nodes:
  - { name: my_c1, type: sync, channels: 1, source: { connection: my, table: t }, target: { table: my_t1 } }
  - { name: my_c2, type: sync, channels: 2, source: { connection: my, table: t }, target: { table: my_t2 } }
  - { name: pg_c1, type: sync, channels: 1, source: { connection: pg, table: t }, target: { table: pg_t1 } }
  - { name: pg_c2, type: sync, channels: 2, source: { connection: pg, table: t }, target: { table: pg_t2 } }
  - { name: pg_c2_ctid, type: sync, channels: 2, split_key: ctid, source: { connection: pg, table: t }, target: { table: pg_t2c } }
YAML

select_list="id, optime, name, city, status, amount, note"

rounds() {
  for r in $(seq "$ROUNDS"); do
    echo "== round $r of $ROUNDS"
    for c in 1 2; do
      timed "strata_mariadb_c$c" "$STRATA" -C "$project" run --date 20240101 my_c$c
      rm -rf "$work/dump"; mkdir -p "$work/dump"
      timed "mydumper_t$c" mydumper -h 127.0.0.1 -P $my_port -u bench -p bench -B bench -T t \
        -t $c -r 500000 -o "$work/dump"
    done
    timed mariadb_client sh -c "mariadb -h 127.0.0.1 -P $my_port -u bench -pbench --quick --batch \
      bench -e 'select $select_list from t' > '$work/client.tsv'"
    for c in 1 2; do
      timed "strata_postgres_c$c" "$STRATA" -C "$project" run --date 20240101 pg_c$c
    done
    timed strata_postgres_c2_ctid "$STRATA" -C "$project" run --date 20240101 pg_c2_ctid
    timed psql_copy_binary env PGPASSWORD=bench psql -h 127.0.0.1 -p $pg_port -U bench -d bench \
      -c "\\copy (select $select_list from t) to '$work/copy.bin' with (format binary)"
  done
}

report() {
  echo
  echo "== medians over $ROUNDS rounds, $ROWS rows ($(nproc) cores)"
  for n in strata_mariadb_c1 strata_mariadb_c2 mydumper_t1 mydumper_t2 mariadb_client \
           strata_postgres_c1 strata_postgres_c2 strata_postgres_c2_ctid psql_copy_binary; do
    printf '   %-22s %8.2fs %8d KB peak RSS  cpu %6.2fs  server cpu %6.2fs\n' "$n" "$(median $n 2)" \
      "$(median $n 3)" "$(median $n 4)" "$(median $n 5)"
  done
  echo
  echo "== CPU bound: (tool cpu + server cpu) / $(nproc) cores, the least wall time this machine allows"
  for n in strata_mariadb_c1 mydumper_t1 strata_postgres_c1 psql_copy_binary; do
    printf '   %-22s %8.2fs\n' "$n" "$(awk -v a="$(median $n 4)" -v b="$(median $n 5)" -v c="$(nproc)" 'BEGIN { print (a + b) / c }')"
  done
  echo
  echo "== ratios (strata / other; <= 1.00 means strata is as fast or faster)"
  for c in 1 2; do
    echo "   MariaDB, $c thread(s):  strata / mydumper        = $(ratio "$(median strata_mariadb_c$c 2)" "$(median mydumper_t$c 2)")  (target <= 1.00)"
  done
  echo "   MariaDB, 1 thread:     strata / mariadb client  = $(ratio "$(median strata_mariadb_c1 2)" "$(median mariadb_client 2)")"
  for c in 1 2; do
    echo "   PostgreSQL, $c channel(s): strata / psql \\copy binary = $(ratio "$(median strata_postgres_c$c 2)" "$(median psql_copy_binary 2)")  (target <= 1.00)"
  done
  echo "   PostgreSQL, 2 channels by pages (split_key: ctid): strata / psql \\copy binary = $(ratio "$(median strata_postgres_c2_ctid 2)" "$(median psql_copy_binary 2)")"
  local rss=0
  for n in strata_mariadb_c1 strata_mariadb_c2 strata_postgres_c1 strata_postgres_c2 strata_postgres_c2_ctid; do
    local m; m=$(max_of "$n" 3)
    [ "$m" -gt "$rss" ] && rss=$m
  done
  echo "   strata peak RSS at $ROWS rows: $((rss / 1024)) MB (target <= 300 MB)"
}

bench_load_both "$ROWS"
rounds
report
if [ "$BIG_ROWS" -gt 0 ]; then
  bench_load_both "$BIG_ROWS"
  : > "$results"
  echo "== peak memory at $BIG_ROWS rows"
  for node in my_c2 pg_c2; do timed "strata_big_$node" "$STRATA" -C "$project" run --date 20240101 $node; done
  big=$(awk '$1 ~ /^strata_big/ && $3 > x { x = $3 } END { print x + 0 }' "$results")
  echo "   strata peak RSS at $BIG_ROWS rows: $((big / 1024)) MB (target: no higher than at $ROWS rows)"
fi
