#!/bin/sh
# The browser tests (-m e2e) ROUNDS times in a row on WORKERS workers while another process keeps
# one core busy, as on a shared 2-core machine; stops at the first failing round. The busy process
# is stopped however this ends (a failure, Ctrl-C). Usage: make test-e2e-under-load
set -u

python=${1:-.venv/bin/python}
rounds=${ROUNDS:-5}
workers=${WORKERS:-2}
logs=$(mktemp -d)

"$python" -c 'while True: pass' &
hog=$!
trap 'kill "$hog" 2>/dev/null' EXIT
trap 'exit 130' HUP INT TERM

round=1
while [ "$round" -le "$rounds" ]; do
    log="$logs/round-$round.log"
    start=$(date +%s)
    "$python" -m pytest -m e2e -n "$workers" --dist loadfile -q tests/e2e >"$log" 2>&1
    status=$?
    summary=$(tail -n 1 "$log" | tr -d '=' | sed 's/^ *//; s/ *$//')
    echo "round $round/$rounds: $summary, $(($(date +%s) - start)) s wall"
    if [ "$status" -ne 0 ]; then
        grep -E '^(FAILED|ERROR) ' "$log"
        echo "stopped at round $round; the whole output: $log"
        exit "$status"
    fi
    round=$((round + 1))
done
rm -rf "$logs"
echo "$rounds rounds, no failure"
