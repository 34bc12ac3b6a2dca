#!/usr/bin/env bash
# hold-load.sh — issue #17 item 1 / ADR 0055: 1,000 requests held at once by the gateway while the owner decides, and
# the gateway's thread count before and during the hold (a held request awaits a signal: it must cost no thread), plus
# the gateway's CPU while they are all held (no polling loop per request: it should be close to nothing). Then the owner
# approves, and every held request is released to the upstream.
#
#   ./benchmarks/hold-load.sh [--requests 1000] [--sample-seconds 6]
#
# Run it under the shared benchmark lock: flock /tmp/sigilum-bench.lock ./benchmarks/hold-load.sh
# Needs nginx (the upstream), jq, curl, ss and the .NET SDK. Everything it starts is stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=lib/stack.sh
. "$root/benchmarks/lib/stack.sh"
requests=1000
sample_seconds=6
while [[ $# -gt 0 ]]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --sample-seconds) sample_seconds="$2"; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "hold-load: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
log() { printf '[hold-load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
for tool in nginx jq curl ss dotnet; do
  command -v "$tool" >/dev/null || { echo "hold-load: $tool is required" >&2; exit 69; }
done
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)

work="$(mktemp -d /tmp/sigilum-hold-load.XXXXXX)"
export SIGILUM_HOME="$work/home"
unset SIGILUM_NAMESPACE SIGILUM_API_URL GATEWAY_ADDR
# One agent holds them all: the per-agent bound (8 by default) is raised for the benchmark, and the claim filing limit
# (30 a minute by default) is lifted, since every held request files (the control plane keeps one pending claim).
export SIGILUM_Gateway__Hold__MaxPerAgent=$(( requests + 24 ))
export SIGILUM_Gateway__Hold__MaxTotal=$(( requests + 24 ))
export GATEWAY_CLAIM_REGISTRATION_RATE_LIMIT_PER_MINUTE=0
ns=bench
load_pid=""
cleanup() {
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  if [[ -f "$SIGILUM_HOME/run/gateway.json" || -f "$SIGILUM_HOME/run/controlplane.json" ]]; then
    "$root/sigilum" down --home "$SIGILUM_HOME" >/dev/null 2>&1 || true
  fi
  [[ -f "$work/nginx/nginx.pid" ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_load_tool "$work"

up_port=$(free_port)
mkdir -p "$work/nginx"
{ nginx_conf_head "$work/nginx"; cat <<CONF; } >"$work/nginx/nginx.conf"
  server { listen 127.0.0.1:$up_port; location / { default_type text/plain; return 200 "hello\n"; } }
}
CONF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"

"$root/sigilum" up --detach --api-port 0 --gateway-port 0 --namespace "$ns" --home "$SIGILUM_HOME" --json >"$work/up.json"
api=$(jq -r .apiUrl "$work/up.json")
gw=$(jq -r .gatewayUrl "$work/up.json")
gw_pid=$(jq -r .pid "$SIGILUM_HOME/run/gateway.json")
gw_port=${gw##*:}
token=$(jq -r '.tokens[0].token' "$SIGILUM_HOME/controlplane/owner-token-$ns")
log "stack up: control plane $api, gateway $gw (pid $gw_pid)"

register_echo_connection "$gw" "$api" "$ns" "$token" "$up_port" '"hold_seconds":120'
gw_url="$gw/proxy/echo/v1/hello"

threads() { awk '/^Threads/{print $2}' "/proc/$gw_pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$gw_pid/stat"; }
held_connections() { ss -Htn state established "sport = :$gw_port" 2>/dev/null | wc -l; }
ticks_per_second=$(getconf CLK_TCK)

# The gateway has served and refused requests before "before" is read (thread pool and Kestrel warmed a little).
"$root/sigilum" request GET "$gw/proxy/echo/warm" --home "$SIGILUM_HOME" -H "Prefer: wait=0" >/dev/null 2>&1 || true
sleep 2
threads_before=$(threads)
log "gateway threads before: $threads_before; sending $requests signed requests at once (one agent, not approved)"

dotnet "$load_dll" --url "$gw_url" --connections "$requests" --duration 20 --warmup 0 --json \
  --sign --home "$SIGILUM_HOME" --namespace "$ns" >"$work/load.json" 2>"$work/load.err" &
load_pid=$!

for _ in $(seq 300); do
  [[ $(held_connections) -ge $requests ]] && break
  sleep 0.2
done
held=$(held_connections)
[[ $held -ge $requests ]] || { echo "hold-load: only $held connections reached the gateway" >&2; exit 1; }
claim=""
for _ in $(seq 50); do
  claim=$("$root/sigilum" claims list --status pending --json --home "$SIGILUM_HOME" \
    | jq -r '[.claims[] | select(.service == "echo")][0].claim_id // empty')
  [[ -n "$claim" ]] && break
  sleep 0.2
done
[[ -n "$claim" ]] || { echo "hold-load: no pending claim was filed" >&2; exit 1; }

# While all of them are held: the thread count, sampled, and the CPU the gateway spends (nothing polls).
sleep 1
threads_max=0
ticks_start=$(cpu_ticks)
for _ in $(seq $(( sample_seconds * 4 ))); do
  t=$(threads)
  (( t > threads_max )) && threads_max=$t
  sleep 0.25
done
ticks_end=$(cpu_ticks)
held_after=$(held_connections)
cpu_ms=$(( (ticks_end - ticks_start) * 1000 / ticks_per_second ))
log "held: $held_after connections; gateway threads during: max $threads_max; gateway CPU over ${sample_seconds}s of holding: ${cpu_ms} ms"

approved_at=$(date +%s%3N)
"$root/sigilum" claims approve "$claim" --home "$SIGILUM_HOME" --json >/dev/null
log "approved $claim; the held requests are released"
wait "$load_pid" || true
load_pid=""
ok=$(jq -r '.outcomes["200"] // 0' "$work/load.json")
errors=$(jq -r '.errors // 0' "$work/load.json")

cat <<REPORT
hold-load: $requests requests held at once by one gateway (hold_seconds 120), then approved
  load average before the run: $loadavg_start; after: $(cut -d' ' -f1-3 /proc/loadavg)
  gateway threads before the hold:        $threads_before
  gateway threads while $held_after held (max of $(( sample_seconds * 4 )) samples): $threads_max
  gateway CPU while all were held:        ${cpu_ms} ms over ${sample_seconds} s
  after the approval: $ok answers 200 from the upstream over the rest of the 20 s run, $errors errors
REPORT
