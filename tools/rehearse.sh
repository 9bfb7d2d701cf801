#!/usr/bin/env bash
# `make rehearse`: configs/paper.yaml, layered with configs/rehearsal.yaml, run end to end offline.
#
# 1. The fixture corpora (each source's real format) and the hub-shaped stand-in models are
#    written under resources/rehearsal/hub, the fixture hub's root.
# 2. In a new network namespace that has only a loopback interface (so no job can reach
#    anything beyond 127.0.0.1), the fixture hub starts on 127.0.0.1:$PORT, HF_ENDPOINT points
#    at it, and the whole paper DAG runs in rehearsal/ (its own results/, logs/, resources/).
#    The repositories the real hub gates (instructgen.standins.repos.gated) are gated there too:
#    the hub reads them only with a token made for this run, which the run gets as HF_TOKEN, so
#    the access check before the first job and the gated downloads take the real paths.
# 3. The hub is stopped by its PID; tests/test_rehearsal_outputs.py then reads what the run left.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
CORES=${CORES:-2}
PORT=18473  # the port configs/rehearsal.yaml's URLs name
HUB=resources/rehearsal/hub
RUN=rehearsal
CONFIG=(--configfile configs/paper.yaml configs/rehearsal.yaml)
mkdir -p "$RUN/logs/rehearsal" "$HUB"

"$BIN/python" tools/fixture_corpora.py --out "$HUB" > "$RUN/logs/rehearsal/fixture_corpora.txt"
"$BIN/snakemake" "${CONFIG[@]}" --profile profiles/local --cores "$CORES" rehearsal_standins

# What the paper DAG plans, job counts per rule, before anything of it runs.
"$BIN/snakemake" "${CONFIG[@]}" --directory "$RUN" -n --quiet rules > "$RUN/logs/rehearsal/planned.txt"

# The gated repositories, as --gated arguments, and this run's token for them.
GATED=$("$BIN/python" -c 'from instructgen.standins import repos
print(" ".join("--gated " + hub_id for hub_id in repos.gated()))')
TOKEN="hf_rehearsal_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

started=$(date +%s)
HF_TOKEN="$TOKEN" unshare --map-root-user --net bash -euo pipefail -c '
  ip link set lo up
  ip -o link show > "$0/logs/rehearsal/network.txt"
  # $5 is split into its --gated arguments on purpose.
  # shellcheck disable=SC2086
  "$1/python" tools/fixture_hub.py --root "$2" --port "$3" --pid-file "$0/logs/rehearsal/hub.pid" \
      $5 --token "$HF_TOKEN" --verbose > "$0/logs/rehearsal/hub.log" 2>&1 &
  for _ in $(seq 100); do [ -s "$0/logs/rehearsal/hub.pid" ] && break; sleep 0.1; done
  export HF_ENDPOINT="http://127.0.0.1:$3"
  status=0
  "$1/snakemake" --configfile configs/paper.yaml configs/rehearsal.yaml --directory "$0" \
      --profile profiles/local --quiet host --keep-going --cores "$4" 2>&1 | tee "$0/logs/rehearsal/snakemake.log" || status=$?
  "$1/python" tools/fixture_hub.py --stop --pid-file "$0/logs/rehearsal/hub.pid"
  exit $status
' "$RUN" "$BIN" "$HUB" "$PORT" "$CORES" "$GATED"
echo "{\"wall_s\": $(($(date +%s) - started)), \"cores\": $CORES}" > "$RUN/logs/rehearsal/run.json"

"$BIN/python" -m pytest -q -m rehearsal tests/test_rehearsal_outputs.py
