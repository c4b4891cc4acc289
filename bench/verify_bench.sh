#!/usr/bin/env bash
# strata verify of an equal table against a full sync of the same table, in
# MariaDB and PostgreSQL, side by side in one run.
#
# Creates the sync bench's table (bench_load_both: id bigint primary key,
# optime datetime, three short varchars, decimal(12,2), a nullable text)
# with N rows in a throwaway MariaDB and PostgreSQL on loopback, syncs it
# once per database (timed: the full sync), then times `strata verify` of
# the synced partition twice (the median counts), which must find it equal,
# then once more after 3 rows changed at the source, which must find them
# (no target: the cost of finding rows). Prints wall times, the ratio verify / sync, and
# the bytes each server sent for each (MariaDB: Bytes_sent; PostgreSQL: the
# values strata received, as verify --format json reports them, against the
# sync's "bytes read").
# Targets: verify <= 0.5 x the full sync's wall; bytes <= 1 % of the sync's.
#
#   bash bench/verify_bench.sh            # 5,000,000 rows
#   bash bench/verify_bench.sh 500000     # a quick look
# Not run in CI. Needs: scripts/setup.sh done and build/strata built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-5000000}
source bench/lib.sh
bench_init
bench_start_mariadb
bench_start_postgres

bench_load_both "$ROWS"

project="$work/project"
mkdir -p "$project"
cat > "$project/strata.yaml" <<YAML
name: bench
connections:
  my: { url: "mysql://bench@127.0.0.1:$my_port/bench", password_env: BENCH_PW }
  pg: { url: "postgres://bench@127.0.0.1:$pg_port/bench", password_env: BENCH_PW }
nodes:
  - { name: my_t1, type: sync, channels: 1, source: { connection: my, table: t }, target: { table: my_t1, partition: "ds=\${bizdate}" } }
  - { name: my_t2, type: sync, channels: 2, source: { connection: my, table: t }, target: { table: my_t2, partition: "ds=\${bizdate}" } }
  - { name: pg_t1, type: sync, channels: 1, source: { connection: pg, table: t }, target: { table: pg_t1, partition: "ds=\${bizdate}" } }
  - { name: pg_t2, type: sync, channels: 2, source: { connection: pg, table: t }, target: { table: pg_t2, partition: "ds=\${bizdate}" } }
YAML

# Three rows changed at the source after the equal verifies (the first, the
# middle and the last key): verify must find exactly those.
differ_sql() {
  echo "UPDATE t SET amount = amount + 1 WHERE id IN (1, $((ROWS / 2)), $ROWS)"
}
# timed NAME differs CMD...: CMD must exit 1 (differs) having found the 3 rows.
differs=(bash -c 'rc=0; "$@" || rc=$?; [ "$rc" = 1 ]' differs)
found_three() {
  grep -q "differs: 3 rows" "$work/cmd.out" || { echo "verify did not find the 3 rows:"; cat "$work/cmd.out"; exit 1; }
}

bytes_sent() { my -N -e "SHOW GLOBAL STATUS LIKE 'Bytes_sent'" | awk '{ print $2 }'; }

values_of() { awk -F: -v k="$1" '$0 ~ k { gsub(/[ ,]/, "", $2); print $2 }' "$work/cmd.out"; }

echo "== MariaDB"
b0=$(bytes_sent)
timed mariadb_sync_c1 "$STRATA" -C "$project" run --date 20240101 my_t1
my_sync_values=$(values_of "bytes read")
b1=$(bytes_sent)
timed mariadb_verify_c1 "$STRATA" -C "$project" verify my_t1 --date 20240101 --format json
my_verify_values=$(values_of '"source_bytes"')
method_of() { grep -o '"method": *"[^"]*"' "$work/cmd.out" | sed 's/.*: *//; s/"//g'; }
my_method=$(method_of)
b2=$(bytes_sent)
timed mariadb_sync_c2 "$STRATA" -C "$project" run --date 20240101 my_t2
timed mariadb_verify_c2 "$STRATA" -C "$project" verify my_t2 --date 20240101
timed mariadb_verify_c1 "$STRATA" -C "$project" verify my_t1 --date 20240101
timed mariadb_verify_c2 "$STRATA" -C "$project" verify my_t2 --date 20240101
# The server's side alone, from its own client, with no warehouse side: its
# CHECKSUM TABLE (one thread), and the cheapest row hash its SQL has,
# CRC32(CONCAT_WS(...)) (ambiguous, so unusable: a floor), on two
# connections over half the keys each.
half_hash() {
  echo "SELECT COUNT(*), SUM(CRC32(CONCAT_WS(',', id, optime, name, city, status, amount, note)))
        FROM t WHERE id BETWEEN $1 AND $2"
}
floor_2conn=(bash -c 'mariadb -S "$0" -u root bench -e "$1" >/dev/null & mariadb -S "$0" -u root bench -e "$2" >/dev/null; wait $!'
             "$work/my.sock" "$(half_hash 1 $((ROWS / 2)))" "$(half_hash $((ROWS / 2 + 1)) "$ROWS")")
for _ in 1 2; do
  timed mariadb_floor_checksum mariadb -S "$work/my.sock" -u root bench -e "CHECKSUM TABLE t EXTENDED"
  timed mariadb_floor_crc_2conn "${floor_2conn[@]}"
done
my bench -e "$(differ_sql)"
timed mariadb_differs_c1 "${differs[@]}" "$STRATA" -C "$project" verify my_t1 --date 20240101
found_three
timed mariadb_differs_c2 "${differs[@]}" "$STRATA" -C "$project" verify my_t2 --date 20240101
found_three

echo "== PostgreSQL"
timed postgres_sync_c1 "$STRATA" -C "$project" run --date 20240101 pg_t1
pg_sync_values=$(values_of "bytes read")
timed postgres_verify_c1 "$STRATA" -C "$project" verify pg_t1 --date 20240101 --format json
pg_verify_values=$(values_of '"source_bytes"')
pg_method=$(method_of)
timed postgres_sync_c2 "$STRATA" -C "$project" run --date 20240101 pg_t2
timed postgres_verify_c2 "$STRATA" -C "$project" verify pg_t2 --date 20240101
timed postgres_verify_c1 "$STRATA" -C "$project" verify pg_t1 --date 20240101
timed postgres_verify_c2 "$STRATA" -C "$project" verify pg_t2 --date 20240101
pg -d bench -c "$(differ_sql)"
timed postgres_differs_c1 "${differs[@]}" "$STRATA" -C "$project" verify pg_t1 --date 20240101
found_three
timed postgres_differs_c2 "${differs[@]}" "$STRATA" -C "$project" verify pg_t2 --date 20240101
found_three

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.4f", 100 * a / b }'; }
echo
echo "== $ROWS rows ($(nproc) cores)"
for db in mariadb postgres; do
  for c in 1 2; do
    s=$(median ${db}_sync_c$c 2); v=$(median ${db}_verify_c$c 2); r=$(ratio "$v" "$s")
    echo "   $db, $c channel(s): full sync ${s}s, verify ${v}s: verify / sync = $r (target <= 0.50: $(met "$r" 0.5))"
    # CPU seconds (strata + server) are steadier than walls on a shared machine.
    sc=$(awk -v a="$(median ${db}_sync_c$c 4)" -v b="$(median ${db}_sync_c$c 5)" 'BEGIN { print a + b }')
    vc=$(awk -v a="$(median ${db}_verify_c$c 4)" -v b="$(median ${db}_verify_c$c 5)" 'BEGIN { print a + b }')
    echo "      CPU (strata + server): full sync ${sc}s, verify ${vc}s: verify / sync = $(ratio "$vc" "$sc")"
    d=$(median ${db}_differs_c$c 2)
    echo "      3 rows changed at the source: verify ${d}s (finds them): verify / sync = $(ratio "$d" "$s")"
  done
done
s=$(median mariadb_sync_c2 2)
for f in checksum crc_2conn; do
  v=$(median mariadb_floor_$f 2)
  echo "   mariadb, the server alone ($f): ${v}s = $(ratio "$v" "$s") x the 2-channel sync"
done
p=$(pct $((b2 - b1)) $((b1 - b0)))
echo "   mariadb: server sent $((b1 - b0)) bytes for the sync, $((b2 - b1)) for the verify = $p % (target <= 1 %: $(met "$p" 1))"
p=$(pct "$my_verify_values" "$my_sync_values")
echo "   compared by: mariadb $my_method, postgres $pg_method"
echo "   mariadb: values read $my_sync_values bytes by the sync, $my_verify_values by the verify = $p %"
p=$(pct "$pg_verify_values" "$pg_sync_values")
echo "   postgres: values read $pg_sync_values bytes by the sync, $pg_verify_values by the verify = $p % (target <= 1 %: $(met "$p" 1))"
