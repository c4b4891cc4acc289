#!/usr/bin/env bash
# The operations page's API at realistic size: a project of NODES nodes
# (default 500, in chains of 10) and a state database holding one instance
# per node per business date for DAYS dates (default 365: about 180,000
# instances, a tenth of them failed, the last two dates' later chain links
# waiting, so blocked behind failures), served by `strata ui`; prints each API
# call's latency (best and worst of 5, milliseconds). The target is <= 100 ms each.
# Usage: bench/ui_bench.sh [path/to/strata]
set -euo pipefail
strata=$(realpath "${1:-build/strata}")
nodes=${NODES:-500}
days=${DAYS:-365}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null; rm -rf "$dir"' EXIT

{
  echo "name: ui_bench"
  echo "nodes:"
  for ((i = 0; i < nodes; i++)); do
    printf '  - name: n%03d\n    type: sql\n    sql: "select 1"\n' "$i"
    if ((i % 10 != 0)); then printf '    depends_on: [n%03d]\n' $((i - 1)); fi
  done
} >"$dir/strata.yaml"

"$strata" -C "$dir" ui --http 127.0.0.1:0 >"$dir/ui.out" 2>&1 &
pid=$!
for _ in $(seq 50); do grep -q "operations page on" "$dir/ui.out" && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*' "$dir/ui.out" | sed 's:/$::')

# The instances, written straight into the state database the page reads.
sqlite3 "$dir/.strata/state.db" <<SQL
.timeout 5000
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $nodes),
  d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k + 1 < $days)
INSERT INTO instances (node, bizdate, scheduled, scheduled_local, state, attempt, message)
SELECT printf('n%03d', i), strftime('%Y%m%d', '2016-01-01', '+' || k || ' days'),
       CAST(strftime('%s', '2016-01-02', '+' || k || ' days') AS INTEGER),
       strftime('%Y-%m-%d 00:00:00', '2016-01-02', '+' || k || ' days'),
       CASE WHEN (i * 7 + k) % 10 = 0 THEN 'failed'
            WHEN k >= $days - 2 AND i % 10 > 4 THEN 'waiting' ELSE 'succeeded' END, 1,
       CASE WHEN (i * 7 + k) % 10 = 0 THEN 'node failed: simulated' ELSE '' END
FROM n, d;
SQL
count=$(sqlite3 "$dir/.strata/state.db" "select count(*) from instances")
mid=$(sqlite3 "$dir/.strata/state.db" "select id from instances where node = 'n250' and bizdate = '20160701'")
echo "ui_bench: $nodes nodes x $days dates = $count instances"

best() {  # best and worst of 5, in ms
  local b=999999 w=0 t
  for _ in 1 2 3 4 5; do
    t=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "$base$1")
    [ "${t%% *}" = 200 ] || { echo "$1 answered ${t%% *}" >&2; exit 1; }
    t=$(awk -v s="${t#* }" 'BEGIN { printf "%d", s * 1000 }')
    ((t < b)) && b=$t
    ((t > w)) && w=$t
  done
  printf '%-62s %5d ms (worst %d ms)\n' "$1" "$b" "$w"
}
best "/api/overview?date=20161230"
best "/api/dag?date=20161230"
best "/api/grid?from=20161217&to=20161230"
best "/api/grid?from=20161201&to=20161230&limit=500"
best "/api/grid?from=20160101&to=20161230&node=n25&state=failed"
best "/api/grid?from=20161201&to=20161230&limit=500&state=blocked"
best "/api/grid?from=20161201&to=20161230&limit=500&state=waiting"
best "/api/instances/$mid"
best "/api/operations"
best "/api/tables"
