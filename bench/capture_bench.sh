#!/usr/bin/env bash
# Change data capture (`capture: log`) against a full re-sync of the same
# table, in MariaDB (binlog, ROW) and PostgreSQL (wal_level=logical), side by
# side in one run.
#
# Per database: the sync bench's table (bench_load_both: id bigint primary
# key, optime, three short varchars, decimal(12,2), a nullable text) with
# ROWS rows, plus a column changed_at (microseconds, UTC) that every writer
# below sets to the time of its update, so a change row carries its own
# commit time to the microsecond (MariaDB's binlog gives whole seconds).
# One project, four nodes on the table:
#   cap   mode: merge, capture: log        (the change table dw_cap_changes)
#   capl  mode: append, capture: log       (the change table dw_capl, no merge;
#                                           run after cap on every date)
#   full  mode: merge, compare: full       (what a user would otherwise run:
#                                           the whole table read and merged)
#   snap  the whole table into ds=${bizdate} (a plain snapshot sync)
# Business dates are seconds long: STRATA_CAPTURE_CUTOFFS lists the cutoffs.
#   D1 20240101  first runs: cap takes the snapshot (the snapshot path)
#   D2 20240102  CHANGES single-row updates, each its own transaction
#                (a server-side loop committing each row; distinct keys)
#   D3 20240103  CHANGES rows updated in transactions of 1,000 rows
#   D4 20240104  lag: a writer at LAG_RATE changes/s for LAG_SECONDS while
#                `strata serve` captures continuously (capture_interval
#                CAPTURE_INTERVAL); each change's lag is the time serve
#                wrote its change file less its changed_at; then one
#                partial cap run (its cutoff is ahead) merges them
# (capl: capture: log with mode: append, the change table dw_capl is its
# target: the log read and stored, nothing merged.) Every node is scheduled
# at 23:59, so serve's scheduler has nothing to run while the bench does.
# Each date: cap, full and snap are timed for the same source state, and
# both merge tables are checked against the source (rows, sum(amount): every
# update adds 1). Prints change rows/s captured (the run's "log read": the
# read of the log plus storing the rows) and applied (the whole run), peak
# RSS, ratios against full and snap, the lag, and the targets met or missed.
# Also the server's own log reader (pg_recvlogical, mariadb-binlog) on the
# same changes, timed: the ceiling the server puts on any reader.
# Exits non-zero when a merge table differs from the source.
#
#   bash bench/capture_bench.sh                 # 5,000,000 rows, 1,000,000 changes
#   bash bench/capture_bench.sh 500000 100000   # a quick look
# Env: DBS="mariadb postgres" (which), LAG_RATE=5000, LAG_SECONDS=30,
#      CAPTURE_INTERVAL=250ms (serve's rounds in the lag phase),
#      PROFILE=1 (perf of D2's capture run; its figures then include perf),
#      MERGE_BUCKET_ROWS=N (sets STRATA_MERGE_BUCKET_ROWS for every run: the
#      merges split the table and the increment into buckets of N keys).
# Not run in CI. Needs: scripts/setup.sh done and build/strata built.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-5000000}
CHANGES=${2:-1000000}
DBS=${DBS:-mariadb postgres}
LAG_RATE=${LAG_RATE:-5000}
LAG_SECONDS=${LAG_SECONDS:-30}
CAPTURE_INTERVAL=${CAPTURE_INTERVAL:-250ms}
PROFILE=${PROFILE:-0}
buckets="merge buckets: the default (8,000,000 rows of the table, 500,000 of the increment)"
if [ -n "${MERGE_BUCKET_ROWS:-}" ]; then
  export STRATA_MERGE_BUCKET_ROWS=$MERGE_BUCKET_ROWS
  buckets="merge buckets of $MERGE_BUCKET_ROWS keys (STRATA_MERGE_BUCKET_ROWS)"
fi
[ "$CHANGES" -ge 1000 ] && [ "$CHANGES" -le "$ROWS" ] ||
  { echo "CHANGES must be 1000..ROWS (got $CHANGES, ROWS $ROWS)" >&2; exit 2; }
source bench/lib.sh
bench_init
# Commits need not reach the disk: the writers' speed is not what is measured.
bench_start_mariadb 1G --server-id=1 --log-bin="$work/my-binlog" --binlog-format=ROW \
  --innodb-flush-log-at-trx-commit=2 --default-time-zone=+00:00 --max-allowed-packet=64M
bench_start_postgres wal_level=logical synchronous_commit=off
echo "== loading $ROWS rows ($(uptime | sed 's/.*load/load/'))"
bench_load_both "$ROWS" > /dev/null
D1=20240101 D2=20240102 D3=20240103 D4=20240104
now_us() { date +%s%6N; }

# The writers, server-side loops (no client round trip per change).
my bench << 'SQL'
ALTER TABLE t ADD COLUMN changed_at DATETIME(6) NULL;
DELIMITER //
CREATE PROCEDURE upd_single(n BIGINT, nrows BIGINT, salt BIGINT) BEGIN
  DECLARE i BIGINT DEFAULT 0;
  WHILE i < n DO
    UPDATE t SET amount = amount + 1, changed_at = SYSDATE(6) WHERE id = 1 + (i * 7919 + salt) % nrows;
    SET i = i + 1;
  END WHILE; END //
CREATE PROCEDURE upd_batches(n BIGINT, size BIGINT) BEGIN
  DECLARE i BIGINT DEFAULT 0;
  WHILE i < n DO
    UPDATE t SET amount = amount + 1, changed_at = SYSDATE(6) WHERE id BETWEEN 1 + i * size AND (i + 1) * size;
    SET i = i + 1;
  END WHILE; END //
CREATE PROCEDURE upd_paced(rate BIGINT, secs BIGINT, nrows BIGINT, salt BIGINT) BEGIN
  DECLARE i BIGINT DEFAULT 0;
  DECLARE t0 DOUBLE DEFAULT UNIX_TIMESTAMP(SYSDATE(6));
  DECLARE ahead DOUBLE;
  WHILE i < rate * secs DO
    UPDATE t SET amount = amount + 1, changed_at = SYSDATE(6) WHERE id = 1 + (i * 7919 + salt) % nrows;
    SET i = i + 1;
    IF i % 25 = 0 THEN
      SET ahead = t0 + i / rate - UNIX_TIMESTAMP(SYSDATE(6));
      IF ahead > 0 THEN DO SLEEP(ahead); END IF;
    END IF;
  END WHILE; END //
DELIMITER ;
SQL
pg -d bench -c "ALTER TABLE t ADD COLUMN changed_at timestamp(6)" -c "CREATE PUBLICATION bench_pub FOR TABLE t" -c "
CREATE PROCEDURE upd_single(n bigint, nrows bigint, salt bigint) LANGUAGE plpgsql AS \$\$
BEGIN FOR i IN 0..n - 1 LOOP
  UPDATE t SET amount = amount + 1, changed_at = clock_timestamp() AT TIME ZONE 'UTC'
    WHERE id = 1 + (i::bigint * 7919 + salt) % nrows;
  COMMIT;
END LOOP; END \$\$;
CREATE PROCEDURE upd_batches(n bigint, size bigint) LANGUAGE plpgsql AS \$\$
BEGIN FOR i IN 0..n - 1 LOOP
  UPDATE t SET amount = amount + 1, changed_at = clock_timestamp() AT TIME ZONE 'UTC'
    WHERE id BETWEEN 1 + i * size AND (i + 1) * size;
  COMMIT;
END LOOP; END \$\$;
CREATE PROCEDURE upd_paced(rate bigint, secs bigint, nrows bigint, salt bigint) LANGUAGE plpgsql AS \$\$
DECLARE t0 double precision := extract(epoch FROM clock_timestamp()); ahead double precision;
BEGIN FOR i IN 1..rate * secs LOOP
  UPDATE t SET amount = amount + 1, changed_at = clock_timestamp() AT TIME ZONE 'UTC'
    WHERE id = 1 + (i::bigint * 7919 + salt) % nrows;
  COMMIT;
  IF i % 25 = 0 THEN
    ahead := t0 + i::double precision / rate - extract(epoch FROM clock_timestamp());
    IF ahead > 0 THEN PERFORM pg_sleep(ahead); END IF;
  END IF;
END LOOP; END \$\$;" -c "VACUUM ANALYZE t"

src_sql() {  # src_sql DB SQL: runs SQL on the source, prints tab-separated rows
  if [ "$1" = mariadb ]; then my -N bench -e "$2"; else pg -d bench -At -F $'\t' -c "$2"; fi
}
client_of() {  # client_of DB: sets client, the command that runs one statement on the source
  if [ "$1" = mariadb ]; then client=(mariadb -S "$work/my.sock" -u root bench -e)
  else client=(psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d bench -c); fi
}

# Cuts date $1 at the next whole second (MariaDB's commit times are whole
# seconds) and waits past it, so every change before the call is in it.
cut() {
  local at=$((($(now_us) / 1000000 + 1) * 1000000))
  echo "$1 $at" >> "$STRATA_CAPTURE_CUTOFFS"
  sleep "$(awk -v a="$at" -v n="$(now_us)" 'BEGIN { printf "%.3f", (a - n) / 1e6 + 0.15 }')"
}

# Rows and sum(amount) of the source and of merge table $2 must agree.
check() {
  local db=$1 table=$2 d=$3 src wh
  src=$(src_sql "$db" "SELECT count(*), sum(amount) FROM t" | awk '{ printf "%d %.2f", $1, $2 }')
  wh=$(st "$p" sql --format csv "select count(*), sum(amount) from $table" | tail -1 |
    awk -F, '{ printf "%d %.2f", $1, $2 }')
  if [ "$src" = "$wh" ]; then
    echo "   $db $d: $table equals the source (rows, sum(amount): $src)"
  else
    echo "   $db $d: $table DIFFERS: source $src, warehouse $wh"
    differs=1
  fi
}

# "log read : N changes from A to B, read in X s, stored in Y s" of the last run.
log_read() { sed -n 's/.*log read *: \([0-9]*\) changes .*read in \([0-9.]*\) s, stored in \([0-9.]*\) s.*/\1 \2 \3/p' "$work/cmd.out"; }

# The server's own log reader on the same changes, for a ceiling: before a
# writer, ref_mark DB notes where the log is (PostgreSQL: a pgoutput slot of
# its own, on publication bench_pub); after it, ref_read DB LABEL times
# pg_recvlogical (pgoutput, proto 1, to /dev/null) or mariadb-binlog
# (--read-from-remote-server, rows decoded, to /dev/null) reading to the
# log's end.
ref_mark() {
  if [ "$1" = mariadb ]; then
    read -r ref_file ref_pos < <(my -N -e "SHOW MASTER STATUS" | awk '{ print $1, $2 }')
  else
    pg -d bench -Atc "SELECT pg_drop_replication_slot('bench_ref') FROM pg_replication_slots
      WHERE slot_name = 'bench_ref'" > /dev/null
    pg -d bench -Atc "SELECT lsn FROM pg_create_logical_replication_slot('bench_ref', 'pgoutput')" > /dev/null
  fi
}
ref_read() {
  if [ "$1" = mariadb ]; then
    timed "mariadb_ref_$2" mariadb-binlog --read-from-remote-server --socket="$work/my.sock" -u root \
      --start-position="$ref_pos" --to-last-log --base64-output=decode-rows -v "$ref_file" -r /dev/null
  else
    local end; end=$(pg -d bench -Atc "SELECT pg_current_wal_insert_lsn()")
    timed "postgres_ref_$2" pg_recvlogical -h 127.0.0.1 -p "$pg_port" -U postgres -d bench \
      --slot bench_ref --start --endpos="$end" -o proto_version=1 -o publication_names=bench_pub -f /dev/null
  fi
}

run_three() {  # run_three DB DATE LABEL: cap, capl, full and snap of DATE, timed and checked
  local db=$1 d=$2 label=$3
  if [ "$PROFILE" = 1 ] && [ "$label" = single ] && command -v perf > /dev/null; then
    timed "${db}_cap_$label" perf record -F 499 -g -o "$work/perf.$db" -- "$STRATA" -C "$p" run --date "$d" cap
  else
    timed "${db}_cap_$label" "$STRATA" -C "$p" run --date "$d" cap
  fi
  cp "$work/cmd.out" "$work/cap_$label.$db.out"
  [ "$label" = first ] || echo "${db}_cap_$label $(log_read)" >> "$work/reads"
  # The append node: the same log read and store, nothing merged.
  timed "${db}_capl_$label" "$STRATA" -C "$p" run --date "$d" capl
  [ "$label" = first ] || echo "${db}_capl_$label $(log_read)" >> "$work/reads"
  timed "${db}_full_$label" "$STRATA" -C "$p" run --date "$d" full
  timed "${db}_snap_$label" "$STRATA" -C "$p" run --date "$d" snap
  check "$db" dw_cap "$d"
  check "$db" dw_full "$d"
}

# The lag phase: `strata serve` (continuous capture every CAPTURE_INTERVAL)
# while a paced writer runs (from when serve has caught up), then stopped
# with SIGTERM; each change file of
# capl's ds=D4 is one of serve's commits, its mtime when the changes were
# stored, against its rows' changed_at; then one partial run of cap (its
# merge) of D4, checked. Serve's peak RSS is its own line.
lag_phase() {
  local db=$1 salt=$((ROWS / 3))
  echo "$D4 $(($(now_us) + 3600000000))" >> "$STRATA_CAPTURE_CUTOFFS"  # an hour ahead: partial runs
  local dir="$p/warehouse/dw_capl/ds=$D4" f values="" w0 waited
  ( timed "${db}_serve" "$STRATA" -C "$p" serve > /dev/null ) &
  local serve=$!
  # Serve's first read decodes the log again from the slot's restart point
  # (PostgreSQL moves it only every ~15 s of a running stream, so it is
  # still before the previous dates' changes): one change, and the writer
  # starts once serve has stored it. The lag counts the writer's changes.
  w0=$(now_us)
  "${client[@]}" "CALL upd_single(1, $ROWS, $((salt + 1)))"
  until compgen -G "$dir/*.parquet" > /dev/null; do
    [ $(($(now_us) - w0)) -lt 300000000 ] || { echo "serve stored nothing in 300 s"; exit 1; }
    sleep 0.05
  done
  waited=$(awk -v a="$(now_us)" -v b="$w0" 'BEGIN { printf "%.2f", (a - b) / 1e6 }')
  echo "   serve's first round, until it stored one change: ${waited}s"
  w0=$(now_us)
  timed "${db}_write_paced" "${client[@]}" "CALL upd_paced($LAG_RATE, $LAG_SECONDS, $ROWS, $salt)"
  sleep 2
  pkill -TERM -f -- "^$STRATA -C $p serve" || true  # serve, not the time command around it
  wait "$serve" || { echo "serve failed"; exit 1; }
  for f in "$dir"/*.parquet; do
    values+="${values:+, }('$f', $(stat -c %.6Y "$f" | tr -d .))"
  done
  st "$p" sql --format csv "with f(file, stored_us) as (values $values),
      c as (select filename as file, epoch_us(changed_at) as commit_us from read_parquet('$dir/*.parquet', filename = true))
    select count(*), count(distinct file), round(avg(stored_us - commit_us) / 1e6, 3), round(quantile_cont(stored_us - commit_us, 0.5) / 1e6, 3),
      round(quantile_cont(stored_us - commit_us, 0.95) / 1e6, 3), round(max(stored_us - commit_us) / 1e6, 3),
      round(count(*) / ((max(commit_us) - min(commit_us)) / 1e6), 0)
    from c join f using (file) where commit_us >= $w0" | tail -1 | tr ',' ' ' > "$work/lag.$db"
  echo "   serve every $CAPTURE_INTERVAL; changes, files, lag mean/median/p95/max (s), writer rate: $(cat "$work/lag.$db")"
  timed "${db}_cap_lag" "$STRATA" -C "$p" run --date "$D4" cap
  check "$db" dw_cap "$D4 (partial)"
}

for db in $DBS; do
  case $db in
    mariadb) url="mysql://bench@127.0.0.1:$my_port/bench" ;;
    postgres) url="postgres://bench@127.0.0.1:$pg_port/bench" ;;
    *) echo "unknown database '$db' in DBS (mariadb, postgres)" >&2; exit 2 ;;
  esac
  p="$work/$db"
  mkdir -p "$p"
  client_of "$db"
  export STRATA_CAPTURE_CUTOFFS="$work/cutoffs.$db"
  : > "$STRATA_CAPTURE_CUTOFFS"
  cat > "$p/strata.yaml" << YAML
name: bench_capture
capture_interval: $CAPTURE_INTERVAL
connections:
  db: { url: "$url", password_env: BENCH_PW }
nodes:
  - name: cap
    type: sync
    schedule: { every: day, at: "23:59" }
    source: { connection: db, table: t, capture: log }
    target: { table: dw_cap, mode: merge }
  - name: capl
    type: sync
    schedule: { every: day, at: "23:59" }
    source: { connection: db, table: t, capture: log }
    target: { table: dw_capl, mode: append }
  - name: full
    type: sync
    schedule: { every: day, at: "23:59" }
    source: { connection: db, table: t }
    target: { table: dw_full, mode: merge, compare: full }
  - name: snap
    type: sync
    schedule: { every: day, at: "23:59" }
    source: { connection: db, table: t }
    target: { table: ods_t, partition: "ds=\${bizdate}" }
YAML
  echo "== $db: $D1, the first runs: cap takes the snapshot ($(uptime | sed 's/.*load/load/'))"
  cut $D1
  run_three "$db" $D1 first
  echo "== $db: $D2, $CHANGES single-row updates, each its own transaction"
  ref_mark "$db"
  timed "${db}_write_single" "${client[@]}" "CALL upd_single($CHANGES, $ROWS, 0)"
  ref_read "$db" single
  cut $D2
  run_three "$db" $D2 single
  echo "== $db: $D3, $CHANGES rows in transactions of 1,000 rows"
  ref_mark "$db"
  timed "${db}_write_txn" "${client[@]}" "CALL upd_batches($((CHANGES / 1000)), 1000)"
  ref_read "$db" txn
  cut $D3
  run_three "$db" $D3 txn
  echo "== $db: $D4, lag: $LAG_RATE changes/s for ${LAG_SECONDS}s, strata serve capturing"
  lag_phase "$db"
done

# The summary.
field() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$work/reads"; }
mb() { echo $(($(max_of "$1" 3) / 1024)); }
cpu() { awk -v a="$(median "$1" 4)" -v b="$(median "$1" 5)" 'BEGIN { print a + b }'; }
echo
echo "== $ROWS rows, $CHANGES changes per date, $buckets; $(nproc) cores, load average $(uptime | sed 's/.*average: //')"
rss_max=0 rate_min="" lag_max=""
for db in $DBS; do
  echo "-- $db"
  printf '   %-34s %8s %10s %10s %8s\n' run wall "strata cpu" "server cpu" "peak RSS"
  for n in cap_first capl_first full_first snap_first write_single ref_single cap_single capl_single \
    full_single snap_single write_txn ref_txn cap_txn capl_txn full_txn snap_txn serve cap_lag; do
    [ "$(median "${db}_$n" 2)" = nan ] && continue
    what=$n
    [ $n = serve ] && what="lag: strata serve, the whole phase"
    [ $n = cap_lag ] && what="lag: then cap (merge) of D4"
    printf '   %-34s %7.2fs %9.2fs %9.2fs %5d MB\n' "$what" "$(median "${db}_$n" 2)" \
      "$(median "${db}_$n" 4)" "$(median "${db}_$n" 5)" "$(mb "${db}_$n")"
  done
  snapshot_s=$(sed -n 's/.*snapshot *: .* in \([0-9.]*\) s$/\1/p' "$work/cap_first.$db.out")
  echo "   the first run's snapshot: ${snapshot_s}s of its $(median "${db}_cap_first" 2)s (the rest: the first merge)"
  for l in single txn; do
    n=$(field "${db}_cap_$l" 2) rs=$(field "${db}_cap_$l" 3) ss=$(field "${db}_cap_$l" 4)
    [ -n "$n" ] || continue
    cap_rate=$(awk -v n="$n" -v a="$rs" -v b="$ss" 'BEGIN { printf "%.0f", n / (a + b) }')
    app_rate=$(awk -v n="$n" -v w="$(median "${db}_cap_$l" 2)" 'BEGIN { printf "%.0f", n / w }')
    echo "   $l: $n change rows; log read ${rs}s + stored ${ss}s = $cap_rate rows/s captured;" \
      "whole run (captured + applied to the merge table) $app_rate rows/s"
    echo "      cap / full (compare: full): wall $(ratio "$(median "${db}_cap_$l" 2)" "$(median "${db}_full_$l" 2)")," \
      "cpu (strata + server) $(ratio "$(cpu "${db}_cap_$l")" "$(cpu "${db}_full_$l")");" \
      "cap / snap (overwrite sync): wall $(ratio "$(median "${db}_cap_$l" 2)" "$(median "${db}_snap_$l" 2)")," \
      "cpu $(ratio "$(cpu "${db}_cap_$l")" "$(cpu "${db}_snap_$l")")"
    ref=$(median "${db}_ref_$l" 2) reader=pg_recvlogical
    [ "$db" = mariadb ] && reader=mariadb-binlog
    [ "$ref" = nan ] || echo "      the server's own reader ($reader) on the same log: ${ref}s =" \
      "$(awk -v n="$n" -v w="$ref" 'BEGIN { printf "%.0f", n / w }') rows/s; strata's log read / it: $(ratio "$rs" "$ref")"
    rate_min=$(awk -v a="${rate_min:-$cap_rate}" -v b="$cap_rate" 'BEGIN { print (b < a ? b : a) }')
    n=$(field "${db}_capl_$l" 2) rs=$(field "${db}_capl_$l" 3) ss=$(field "${db}_capl_$l" 4)
    if [ -n "$n" ]; then
      echo "      capl (append, no merge): log read ${rs}s + stored ${ss}s =" \
        "$(awk -v n="$n" -v a="$rs" -v b="$ss" 'BEGIN { printf "%.0f", n / (a + b) }') rows/s; whole run" \
        "$(median "${db}_capl_$l" 2)s = $(awk -v n="$n" -v w="$(median "${db}_capl_$l" 2)" 'BEGIN { printf "%.0f", n / w }') rows/s"
    fi
  done
  if [ -s "$work/lag.$db" ]; then
    read -r lc lf lmean lmed lp95 lmax lrate < "$work/lag.$db"
    echo "   lag: $lc changes at $lrate changes/s in $lf runs: mean ${lmean}s, median ${lmed}s, p95 ${lp95}s, max ${lmax}s"
    lag_max=$(awk -v a="${lag_max:-$lmax}" -v b="$lmax" 'BEGIN { print (b > a ? b : a) }')
  fi
  for n in cap_first capl_first cap_single capl_single cap_txn capl_txn serve cap_lag; do
    r=$(mb "${db}_$n")
    [ "$r" -gt "$rss_max" ] && rss_max=$r
  done
done
echo
echo "== targets (worst of the databases)"
echo "   captured rows/s = ${rate_min:-n/a}   (target >= 100000: $(met 100000 "${rate_min:-n/a}"))"
echo "   lag, max = ${lag_max:-n/a} s   (target <= 1 s at $LAG_RATE changes/s: $(met "${lag_max:-n/a}" 1);" \
  "strata serve capturing every $CAPTURE_INTERVAL)"
echo "   capture runs' peak RSS = $rss_max MB   (target <= 300 MB: $(met "$rss_max" 300))"
if [ "$PROFILE" = 1 ]; then
  for db in $DBS; do
    [ -f "$work/perf.$db" ] || continue
    echo "== perf: $db's D2 capture run (log read, store, merge), strata CPU samples by kind"
    perf_by_kind "$work/perf.$db"
  done
fi
[ -z "${differs:-}" ]
