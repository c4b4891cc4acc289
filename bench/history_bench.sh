#!/usr/bin/env bash
# A history (zipper, SCD2) table against daily full snapshots, side by side in one run.
#
# A MariaDB table of N rows (bench/lib.sh's bench_load_t: id bigint key,
# optime datetime indexed, three short varchars, decimal(12,2), nullable
# text; optimes over 2023), then D business days from 20240101. Each day, 1 %
# of rows (a different 1 % each day: id % 100 = day number) are updated with
# optime moved into that day, then both projects run for that date:
#   full:    the whole table into partition ds=${bizdate} (a daily snapshot)
#   history: mode: history, key [id], deletes: keys, cursor on optime with a
#            2 h lookback: closes the changed keys' versions, opens new ones
# Prints: bytes on disk of each after D days (the snapshot table's folder; the
# history table's folder plus warehouse/_strata/versions/<table> if present)
# and of one snapshot partition; medians over days 2..D of each daily run's
# wall time, strata CPU (user+sys), server CPU (mariadbd) and peak RSS; the
# as-of query of the last day (count + checksum over as_of('t_his', D)) against
# the same query over the last snapshot partition, Q rounds each, medians; the
# targets met or missed. Checks the as-of equals the snapshot (count and
# checksum) on the last day and on the middle day, so it can't time a wrong
# result; exits non-zero unless both equal.
#
#   bash bench/history_bench.sh                        # 5,000,000 rows, 30 days
#   bash bench/history_bench.sh --rows 200000 --days 5 # a quick look
#   bash bench/history_bench.sh --profile              # then perf of a day's history run and of the as-of
# Needs: scripts/setup.sh done and build/strata built (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=5000000
DAYS=30
QROUNDS=3
PROFILE=0
while [ $# -gt 0 ]; do
  case $1 in
    --rows) ROWS=$2; shift 2 ;;
    --days) DAYS=$2; shift 2 ;;
    --query-rounds) QROUNDS=$2; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    *) echo "usage: $0 [--rows N] [--days D] [--query-rounds Q] [--profile]" >&2; exit 2 ;;
  esac
done
[ "$DAYS" -ge 2 ] && [ "$DAYS" -le 99 ] || { echo "--days must be 2..99" >&2; exit 2; }
source bench/lib.sh
bench_init
bench_start_mariadb

echo "== loading $ROWS rows ($(uptime | sed 's/.*load/load/'))"
bench_load_t "$ROWS"
bench_my_conn
pf="$work/full" ph="$work/history"
mkdir -p "$pf" "$ph"
cat > "$pf/strata.yaml" <<YAML
name: bench_full
$conn
nodes:
  - name: full
    type: sync
    source: { connection: my, table: t }
    target: { table: ods_t_full, partition: "ds=\${bizdate}" }
YAML
cat > "$ph/strata.yaml" <<YAML
name: bench_history
$conn
nodes:
  - name: his
    type: sync
    source: { connection: my, table: t, cursor: { column: optime, lookback: 2h } }
    target: { table: t_his, mode: history, key: [id], deletes: keys }
YAML

day() { date -u -d "2024-01-01 + $(($1 - 1)) days" +%Y%m%d; }
change_day() {  # change_day I: 1 % of rows updated, optime moved into day I
  local d; d=$(day "$1")
  my bench -e "UPDATE t SET status = 'changed', amount = amount + 1,
    optime = '${d:0:4}-${d:4:2}-${d:6:2}' + INTERVAL (id % 86400) SECOND WHERE id % 100 = $(($1 % 100))"
}

for i in $(seq "$DAYS"); do
  d=$(day "$i")
  change_day "$i"
  suffix=""; [ "$i" = 1 ] && suffix=_first
  echo "== day $i of $DAYS ($d, $(uptime | sed 's/.*load/load/'))"
  timed "full$suffix" "$STRATA" -C "$pf" run --date "$d" full
  timed "history$suffix" "$STRATA" -C "$ph" run --date "$d" his
  cp "$work/cmd.out" "$work/history.out"
done
last=$(day "$DAYS") mid=$(day $(((DAYS + 1) / 2)))
echo "-- the history table's last run:"
sed 's/^/   /' "$work/history.out" | tail -n 12

# A row checksum both sides compute the same way: DuckDB's hash of the
# table's columns, summed.
cols="id, optime, name, city, status, amount, note"
q_asof() { echo "select count(*), sum(hash($cols)) from as_of('t_his', '$1')"; }
q_full() { echo "select count(*), sum(hash($cols)) from ods_t_full where ds = '$1'"; }
query() { st "$1" sql --format csv "$2" | tail -1; }

echo
echo "== checks: as-of of a day equals that day's snapshot partition (rows, checksum)"
check=ok
for d in "$mid" "$last"; do
  a=$(query "$ph" "$(q_asof "$d")") f=$(query "$pf" "$(q_full "$d")")
  same=equal; [ "$a" = "$f" ] || { same=DIFFERENT; check=DIFFERENT; }
  echo "   $d  as-of: $a   snapshot: $f   $same"
done
expect=$(my -N bench -e "select count(*) from t")
[ "${a%%,*}" = "$expect" ] || { echo "   the last day has ${a%%,*} rows, the source $expect"; check=DIFFERENT; }
versions=$(query "$ph" "select count(*) from t_his")
echo "   t_his holds $versions versions ($ROWS rows + $((versions - ROWS)) closed versions)"

echo
echo "== the as-of query against reading one snapshot partition, $QROUNDS rounds ($(uptime | sed 's/.*load/load/'))"
for r in $(seq "$QROUNDS"); do
  timed q_snapshot "$STRATA" -C "$pf" sql --format csv "$(q_full "$last")"
  timed q_asof "$STRATA" -C "$ph" sql --format csv "$(q_asof "$last")"
done

full_bytes=$(du_bytes "$pf/warehouse/ods_t_full")
part_bytes=$(du_bytes "$pf/warehouse/ods_t_full/ds=$last")
his_bytes=$(du_bytes "$ph/warehouse/t_his" "$ph/warehouse/_strata/versions/t_his")
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1048576 }'; }

echo
echo "== after $DAYS days, $ROWS rows, 1 % changed a day; $(nproc) cores, load average $(uptime | sed 's/.*average: //')"
echo "   bytes on disk: snapshots, all $DAYS partitions $(mb "$full_bytes"); one partition ($last) $(mb "$part_bytes")"
echo "                  history table $(mb "$his_bytes") ($versions versions)"
echo "   daily run, medians over days 2..$DAYS (day 1 alone in brackets):"
printf '   %-10s %9s %10s %11s %10s   %s\n' way wall "strata cpu" "server cpu" "peak RSS" "(day 1 wall, cpu)"
for n in full history; do
  printf '   %-10s %8.2fs %9.2fs %10.2fs %7d MB   (%.2fs, %.2fs)\n' "$n" "$(median $n 2)" "$(median $n 4)" \
    "$(median $n 5)" "$(( $(max_of $n 3) / 1024 ))" "$(median ${n}_first 2)" "$(median ${n}_first 4)"
done
echo "   query of $last (count + checksum), medians of $QROUNDS (a whole strata sql process each):"
for n in q_snapshot q_asof; do
  printf '   %-10s %8.2fs %9.2fs %21d MB\n' "$n" "$(median $n 2)" "$(median $n 4)" "$(( $(max_of $n 3) / 1024 ))"
done

rb=$(ratio "$his_bytes" "$part_bytes")
rw=$(ratio "$(median history 2)" "$(median full 2)")
rc=$(ratio "$(median history 4)" "$(median full 4)")
rq=$(ratio "$(median q_asof 2)" "$(median q_snapshot 2)")
echo
echo "== targets"
echo "   history bytes / one snapshot partition = $rb   (target <= 1.50: $(met "$rb" 1.5))"
echo "   history day wall / full day wall       = $rw   (target <= 0.50: $(met "$rw" 0.5); strata cpu ratio $rc)"
echo "   as-of wall / snapshot partition wall   = $rq   (target <= 2.00: $(met "$rq" 2))"
echo "   as-of equals the snapshot: $check"

if [ "$PROFILE" = 1 ] && command -v perf >/dev/null; then
  # One more day, its history run under perf (not in the medians), then the as-of.
  i=$((DAYS + 1)) d=$(day $((DAYS + 1)))
  change_day "$i"
  for what in history asof; do
    if [ $what = history ]; then
      perf record -F 499 -g -o "$work/perf.$what" -- "$STRATA" -C "$ph" run --date "$d" his > /dev/null 2>&1 || true
    else
      perf record -F 499 -g -o "$work/perf.$what" -- "$STRATA" -C "$ph" sql --format csv "$(q_asof "$last")" > /dev/null 2>&1 || true
    fi
    echo
    echo "== perf: the $what's strata CPU samples by kind"
    perf_by_kind "$work/perf.$what"
    echo "-- top symbols (perf report --no-children --sort symbol)"
    perf report -i "$work/perf.$what" --no-children --sort symbol -g none --percent-limit 1.5 --stdio 2>/dev/null |
      awk '$1 ~ /%$/' | head -n 15 | cut -c1-110 | sed 's/^/   /'
  done
fi
[ "$check" = ok ]
