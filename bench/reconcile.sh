#!/usr/bin/env bash
# Runs hengjie reconcile on the generated benchmark (bench/reconcile_data.py) under
# /usr/bin/time -v: CPU time (user + sys), wall time and peak RSS, with the load average before
# the run (the machine may be shared). JSON Lines out, to a file.
set -euo pipefail
dir=${1:-target/bench-reconcile}
args=()
for kind in dibao tekun medical_insured medical_cost school disability pension_insured exclusion; do
  args+=(--roster "$kind=$dir/$kind.csv")
done
echo "load average before: $(uptime | sed 's/.*load average: //')"
/usr/bin/time -v target/release/hengjie reconcile "$dir/households.jsonl" --as-of 2021-06-30 \
  "${args[@]}" --format jsonl --out "$dir/warnings.jsonl" 2> "$dir/time.txt" || test $? -eq 1
grep -E "User time|System time|Elapsed|Maximum resident|Percent of CPU" "$dir/time.txt"
tail -n 1 "$dir/warnings.jsonl" | python3 -c "import json,sys; d=json.load(sys.stdin); print('summary', json.dumps(d['summary']['by_severity']), 'households', d['summary']['households'])"
