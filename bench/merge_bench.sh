#!/usr/bin/env bash
# Keeping an edited table in the warehouse: three ways side by side, one run.
#
# A MariaDB table of N rows (id bigint primary key, optime datetime indexed,
# three short varchars, decimal(12,2), a nullable text) loaded on day 0
# (business date 20231231, optimes spread over 2023), then day 1's changes
# (20240101): 1 % of rows updated (optime moved into 2024-01-01), 0.1 %
# deleted, 0.1 % inserted. (b) and (c) get day 0 unmeasured ((a) needs
# none); then day 1 is timed, each way in its own strata project:
#   a  full:  the whole table into partition ds=${bizdate} (mode: overwrite)
#   b  merge: mode: merge, key [id], deletes: keys, cursor on optime with a
#             2 h lookback (reads optime >= day 0's max optime - 2 h, plus
#             every source key to find deletes)
#   c  seed:  the seed's way: the day's rows by a time window
#             (optime in [${yyyy-mm-dd}, $[yyyy-mm-dd])) into ods partition
#             ds=${bizdate}, then its full-outer-join SQL merge of
#             yesterday's merged partition with it into ds=${bizdate}
#             (loses deletes, as the seed says)
# Each round reruns the same business date: (a) and (c) overwrite the same
# partitions, and a merge rerun for the table's current date rebuilds from
# the version before it with that version's watermark, so every round does
# the same work. Prints medians of wall time, strata CPU (user+sys), server
# CPU (mariadbd), strata peak RSS; the ratios b/a, b/c; the targets; and
# checks that (b)'s table equals the source (row count and a checksum).
# Exits non-zero unless (b) ran and equals the source; a (b) that fails is
# reported (its targets missed) and the others still measured.
#
#   bash bench/merge_bench.sh                          # 5,000,000 rows, 3 rounds
#   bash bench/merge_bench.sh --rows 200000 --rounds 1 # a quick look
#   bash bench/merge_bench.sh --profile                # then where (b)'s time goes
# Needs: scripts/setup.sh done and build/strata built (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=5000000
ROUNDS=3
PROFILE=0
while [ $# -gt 0 ]; do
  case $1 in
    --rows) ROWS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    *) echo "usage: $0 [--rows N] [--rounds R] [--profile]" >&2; exit 2 ;;
  esac
done
source bench/lib.sh
bench_init
bench_start_mariadb

D0=20231231 D1=20240101
cols="id, optime, name, city, status, amount, note"
echo "== loading $ROWS rows (day 0)"
bench_load_t "$ROWS"

# One project per way, all reading the same server.
bench_my_conn
pa="$work/full" pb="$work/merge" pc="$work/seed"
mkdir -p "$pa" "$pb" "$pc/sql"
cat > "$pa/strata.yaml" <<YAML
name: bench_full
$conn
nodes:
  - name: full
    type: sync
    source: { connection: my, table: t }
    target: { table: ods_t_full, partition: "ds=\${bizdate}" }
YAML
cat > "$pb/strata.yaml" <<YAML
name: bench_merge
$conn
nodes:
  - name: merge
    type: sync
    source: { connection: my, table: t, cursor: { column: optime, lookback: 2h } }
    target: { table: dw_t, mode: merge, key: [id], deletes: keys }
  # Day 0 in monthly steps (see below): each reads up to the month's end.
  - name: merge_boot
    type: sync
    paused: true
    source:
      connection: my
      table: t
      where: "optime < '\$[yyyy-mm-dd]'"
      cursor: { column: optime, lookback: 2h }
    target: { table: dw_t, mode: merge, key: [id] }
YAML
# The seed's merge, on a ds-partitioned result: yesterday's merged partition
# (a) full-outer-joined with the day's increment (b), b winning. No
# depends_on_previous: day 0 of dw_t comes from the init sync, not this node.
cat > "$pc/strata.yaml" <<YAML
name: bench_seed
$conn
nodes:
  - name: dw_t_init
    type: sync
    paused: true
    source: { connection: my, table: t }
    target: { table: dw_t, partition: "ds=\${bizdate}" }
  - name: ods_t_inc
    type: sync
    source:
      connection: my
      table: t
      where: "optime >= '\${yyyy-mm-dd}' and optime < '\$[yyyy-mm-dd]'"
    target: { table: ods_t_inc, partition: "ds=\${bizdate}" }
  - name: dw_t_merge
    type: sql
    depends_on: [ods_t_inc]
    sql_file: sql/dw_t_merge.sql
YAML
{
  echo "insert overwrite table dw_t partition (ds='\${bizdate}')"
  echo "select"
  sep=","
  for c in id optime name city status amount note; do
    [ "$c" = note ] && sep=""
    echo "  case when b.id is not null then b.$c else a.$c end as $c$sep"
  done
  echo "from (select $cols from dw_t where ds = '\${yyyymmdd-1}') a"
  echo "full outer join (select $cols from ods_t_inc where ds = '\${bizdate}') b"
  echo "  on a.id = b.id;"
} > "$pc/sql/dw_t_merge.sql"

echo "== day 0 ($D0): first merge (b) and the init full load (c), not measured"
# The whole table in one first merge runs out of DuckDB memory at 5,000,000
# rows (the merge's 192MB limit: "could not allocate block"), so (b)'s day 0
# is twelve merges of a month of optimes each, ending on $D0; the state they
# leave (date $D0, watermark = the greatest optime) is the one a single
# first merge would leave.
for d in 20230131 20230228 20230331 20230430 20230531 20230630 20230731 20230831 20230930 \
         20231031 20231130 $D0; do
  run_or_die st "$pb" run --date $d merge_boot
done
run_or_die st "$pc" run --date $D0 dw_t_init

echo "== day 1 ($D1) changes: 1 % updated, 0.1 % deleted, 0.1 % inserted"
my bench -e "UPDATE t SET status = 'changed', amount = amount + 1,
    optime = '2024-01-01' + INTERVAL (id % 86400) SECOND WHERE id % 100 = 7;
  DELETE FROM t WHERE id % 1000 = 3;
  INSERT INTO t SELECT $ROWS + seq, '2024-01-01' + INTERVAL (seq % 86400) SECOND,
    CONCAT('new', seq), CONCAT('city', seq % 1000), 'new', seq % 1000, NULL
    FROM seq_1_to_$((ROWS / 1000));
  SELECT (SELECT count(*) FROM t WHERE status = 'changed') AS updated, $((ROWS / 1000)) AS deleted_about,
    $((ROWS / 1000)) AS inserted, (SELECT count(*) FROM t) AS source_rows;"

for r in $(seq "$ROUNDS"); do
  echo "== round $r of $ROUNDS ($(uptime | sed 's/.*load/load/'))"
  timed a_full "$STRATA" -C "$pa" run --date $D1 full
  if [ -z "${b_failed:-}" ]; then
    if TIMED_FAIL=return timed b_merge "$STRATA" -C "$pb" run --date $D1 merge; then
      cp "$work/cmd.out" "$work/merge.out"
    else
      b_failed=$(sed -n 's/.*failed: //p' "$work/cmd.err" | head -1)
    fi
  fi
  timed c_seed "$STRATA" -C "$pc" run --date $D1 ods_t_inc dw_t_merge
done
[ -z "${b_failed:-}" ] && echo "-- (b)'s last run:" && sed -n '/rows\|read\|merged\|keys\|cursor\|watermark\|seconds/p' "$work/merge.out" | sed 's/^/   /'

check=none
if [ -n "${b_failed:-}" ]; then
  echo; echo "== (b) FAILED: $b_failed"
else
  echo
  echo "== checking (b) against the source"
  # Row count and a checksum: the sum of the first 60 bits of each row's md5
  # (of the columns as text, NULL as ~), computed in MariaDB and by strata.
  my_sum=$(my -N bench -e "SELECT count(*), sum(cast(conv(substr(md5(concat_ws('|', id,
      date_format(optime, '%Y-%m-%d %H:%i:%s'), name, city, status, amount, ifnull(note, '~'))), 1, 15), 16, 10) as unsigned)) FROM t" | tr '\t' ' ')
  wh_sum=$(st "$pb" sql --format csv "select count(*), sum(cast(('0x' || substr(md5(concat_ws('|', id,
      strftime(optime, '%Y-%m-%d %H:%M:%S'), name, city, status, cast(amount as varchar), coalesce(note, '~'))), 1, 15)) as bigint)) from dw_t" | tail -1 | tr ',' ' ')
  echo "   source  (rows, checksum): $my_sum"
  echo "   merge b (rows, checksum): $wh_sum"
  if [ "$my_sum" = "$wh_sum" ]; then check=ok; else check=DIFFERENT; fi
  echo "   (b) equals the source: $check"
fi
seed_rows=$(st "$pc" sql --format csv "select count(*) from dw_t where ds = '$D1'" | tail -1)
echo "   (c) rows: $seed_rows (keeps the deleted rows, as the seed warns)"

echo
echo "== medians over $ROUNDS rounds, $ROWS rows, $(nproc) cores (load average: at each round)"
printf '   %-10s %9s %10s %11s %13s\n' method wall "strata cpu" "server cpu" "peak RSS"
for n in a_full b_merge c_seed; do
  if [ "$(median $n 2)" = nan ]; then printf '   %-10s %9s\n' "$n" failed; continue; fi
  printf '   %-10s %8.2fs %9.2fs %10.2fs %10d MB\n' "$n" "$(median $n 2)" "$(median $n 4)" \
    "$(median $n 5)" "$(( $(max_of $n 3) / 1024 ))"
done
ba=$(ratio "$(median b_merge 2)" "$(median a_full 2)")
bc=$(ratio "$(median b_merge 2)" "$(median c_seed 2)")
rss=$(( $(max_of b_merge 3) / 1024 ))
b_met() { if [ -n "${b_failed:-}" ]; then echo "MISSED: (b) failed"; else met "$@"; fi; }
echo
echo "== ratios and targets (wall time)"
echo "   b / a = $ba   (target <= 0.50: $(b_met "$ba" 0.5))"
echo "   b / c = $bc   (target <= 1.30: $(b_met "$bc" 1.3))"
[ -n "${b_failed:-}" ] && rss=n/a
echo "   b peak RSS = $rss MB   (target <= 300 MB: $(b_met "$rss" 300))"
if [ -z "${b_failed:-}" ]; then
  echo "   b / a cpu (strata+server) = $(ratio "$(awk -v a="$(median b_merge 4)" -v b="$(median b_merge 5)" 'BEGIN{print a+b}')" \
    "$(awk -v a="$(median a_full 4)" -v b="$(median a_full 5)" 'BEGIN{print a+b}')")"
  echo "   b / c cpu (strata+server) = $(ratio "$(awk -v a="$(median b_merge 4)" -v b="$(median b_merge 5)" 'BEGIN{print a+b}')" \
    "$(awk -v a="$(median c_seed 4)" -v b="$(median c_seed 5)" 'BEGIN{print a+b}')")"
fi

if [ "$PROFILE" = 1 ]; then
  # Where (b)'s time goes: its two reads timed alone, as plain syncs of the
  # same rows (the rest of (b) is DuckDB rewriting the table), then a perf
  # profile of one (b) run, its samples summed by what the code does.
  from=$(sed -n "s/.*read from cursor : //p" "$work/merge.out" 2>/dev/null || true)
  [ -n "$from" ] || from="'2023-12-31 21:59:59'"  # when (b) failed: day 0's greatest optime less 2 h
  pp="$work/profile"; mkdir -p "$pp"
  cat > "$pp/strata.yaml" <<YAML
name: bench_profile
$conn
nodes:
  - name: keys
    type: sync
    source: { connection: my, table: t, columns: [id] }
    target: { table: p_keys }
  - name: inc
    type: sync
    source: { connection: my, table: t, where: "optime >= $from" }
    target: { table: p_inc }
YAML
  echo
  echo "== profile of (b): its parts alone"
  for r in $(seq "$ROUNDS"); do
    timed p_keys "$STRATA" -C "$pp" run --date $D1 keys
    timed p_inc "$STRATA" -C "$pp" run --date $D1 inc
  done
  printf '   %-34s %8s %11s %11s\n' part wall "strata cpu" "server cpu"
  row() { printf '   %-34s %7.2fs %10.2fs %10.2fs\n' "$1" "$2" "$3" "$4"; }
  row "read every key (sync of id only)" "$(median p_keys 2)" "$(median p_keys 4)" "$(median p_keys 5)"
  row "read the increment (cursor where)" "$(median p_inc 2)" "$(median p_inc 4)" "$(median p_inc 5)"
  rest() { awk -v b="$(median b_merge "$1")" -v k="$(median p_keys "$1")" -v i="$(median p_inc "$1")" 'BEGIN { print b - k - i }'; }
  [ -z "${b_failed:-}" ] && row "the rest: DuckDB rewrite, commit" "$(rest 2)" "$(rest 4)" "$(rest 5)"
  if [ -z "${b_failed:-}" ] && command -v perf >/dev/null; then
    echo "== perf: (b)'s strata CPU samples by kind"
    perf record -F 499 -g -o "$work/perf.data" -- "$STRATA" -C "$pb" run --date $D1 merge > /dev/null 2>&1 || true
    perf_by_kind "$work/perf.data"
  fi
fi
[ "$check" = ok ]  # the exit status: (b) ran and equals the source
