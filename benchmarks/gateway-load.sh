#!/usr/bin/env bash
# gateway-load.sh — DESIGN §6 gateway benchmark: the same upstream measured direct, through nginx as a
# plain reverse proxy, and through the Sigilum gateway (every request signed, verified, approved, the
# credential injected), in ONE run, plus the gateway's memory and revocation latency. Writes the table
# into docs/benchmarks.md between <!-- gateway-load:start --> and <!-- gateway-load:end -->.
#
#   ./benchmarks/gateway-load.sh [--duration 15] [--connections 16] [--peak-connections 64] [--warmup 3]
#                                [--gateway-warmup 30] [--no-doc]
#                                [--work-base /dev/shm]   (temporary SIGILUM_HOME on tmpfs: shows what fsync costs)
#
# Needs nginx, wrk, jq, curl (installed from Debian when missing and running as root) and the .NET SDK.
# Everything it starts (nginx, the Sigilum stack in a temporary SIGILUM_HOME) is stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
duration=15
connections=16
peak_connections=64
warmup=3
gateway_warmup=30
write_doc=1
work_base=/tmp
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --peak-connections) peak_connections="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --gateway-warmup) gateway_warmup="$2"; shift 2 ;;
    --no-doc) write_doc=0; shift ;;
    --work-base) work_base="$2"; shift 2 ;;   # e.g. /dev/shm: diagnostic run with fsync made free
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "gateway-load: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
command_line="./benchmarks/gateway-load.sh --duration $duration --connections $connections --peak-connections $peak_connections --warmup $warmup --gateway-warmup $gateway_warmup"
[[ "$work_base" == /tmp ]] || command_line+=" --work-base $work_base"

log() { printf '[gateway-load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- prerequisites -------------------------------------------------------------------------------
missing=()
command -v nginx >/dev/null || missing+=(nginx-light)
command -v wrk >/dev/null || missing+=(wrk)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    log "installing from Debian: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; }
  else
    echo "gateway-load: missing ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    echo "(the script installs them itself only when run as root)" >&2
    exit 69
  fi
fi
command -v dotnet >/dev/null || { echo "gateway-load: the .NET 10 SDK (dotnet) is required" >&2; exit 69; }

# --- scratch space and cleanup -------------------------------------------------------------------
work="$(mktemp -d "$work_base/sigilum-gateway-load.XXXXXX")"
export SIGILUM_HOME="$work/home"
unset SIGILUM_NAMESPACE SIGILUM_API_URL GATEWAY_ADDR
ns=bench
samplers=()
succeeded=0
cleanup() {
  local rc=$?
  for pid in "${samplers[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -f "$SIGILUM_HOME/run/gateway.json" || -f "$SIGILUM_HOME/run/controlplane.json" ]]; then
    "$root/sigilum" down --home "$SIGILUM_HOME" >/dev/null 2>&1 || true
  fi
  if [[ -f "$work/nginx/nginx.pid" ]]; then
    kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  fi
  if [[ $succeeded -eq 1 ]]; then
    rm -rf "$work"
  else
    echo "gateway-load: failed (exit $rc); logs kept in $work (gateway: $SIGILUM_HOME/logs)" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  while :; do
    port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000 ))
    if ! ss -Htln "sport = :$port" 2>/dev/null | grep -q .; then echo "$port"; return; fi
  done
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine_ticks() { awk '/^cpu /{s=0; for (i=2; i<=NF; i++) s+=$i; print s, $5 + $6}' /proc/stat; }
clk_tck=$(getconf CLK_TCK)

# --- build ---------------------------------------------------------------------------------------
log "building Release (Sigilum.Load, Sigilum.Cli)"
dotnet build "$root/benchmarks/Sigilum.Load/Sigilum.Load.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 70; }
"$root/sigilum" --help >/dev/null   # the launcher rebuilds the CLI when src/ changed
load_dll="$root/artifacts/bin/Sigilum.Load/release/Sigilum.Load.dll"
load() { dotnet "$load_dll" "$@"; }

# --- upstream and nginx ---------------------------------------------------------------------------
up_port=$(free_port)
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
# One nginx: the upstream every path hits (a static 200) and, on another port, a plain reverse proxy to it.
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  keepalive_requests 1000000;
  upstream hello { server 127.0.0.1:$up_port; keepalive 128; }
  server {
    listen 127.0.0.1:$up_port;
    location / { default_type text/plain; return 200 "hello\n"; }
  }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://hello;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Authorization "Bearer sk-bench-secret";
    }
  }
}
EOF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$up_port/" >/dev/null
direct_url="http://127.0.0.1:$up_port/v1/hello"
nginx_url="http://127.0.0.1:$nginx_port/v1/hello"
log "upstream $direct_url, nginx $nginx_url"

# --- the Sigilum stack, wired like a user would ---------------------------------------------------
up_started=$(date +%s%3N)
"$root/sigilum" up --detach --api-port 0 --gateway-port 0 --namespace "$ns" --home "$SIGILUM_HOME" --json >"$work/up.json"
up_ms=$(( $(date +%s%3N) - up_started ))
api=$(jq -r .apiUrl "$work/up.json")
gw=$(jq -r .gatewayUrl "$work/up.json")
gw_pid=$(jq -r .pid "$SIGILUM_HOME/run/gateway.json")
cp_pid=$(jq -r .pid "$SIGILUM_HOME/run/controlplane.json")
token=$(jq -r '.tokens[0].token' "$SIGILUM_HOME/controlplane/owner-token-$ns")
log "stack up in ${up_ms} ms: control plane $api, gateway $gw (pid $gw_pid)"

curl -fsS -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  "$api/v1/namespaces/$ns/services" -d '{"slug":"echo"}' >/dev/null
service_key=$(curl -fsS -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  "$api/v1/namespaces/$ns/services/echo/keys" -d '{}' | jq -r .key)
# Admin changes need the token the gateway generated (ADR 0020), like the owner token above.
admin_header="X-Sigilum-Admin-Token: $(cat "$SIGILUM_HOME/gateway/admin.token")"
curl -fsS -X POST -H "$admin_header" -H 'content-type: application/json' "$gw/api/admin/connections" \
  -d "{\"id\":\"echo\",\"name\":\"Echo\",\"base_url\":\"http://127.0.0.1:$up_port\",\"auth_mode\":\"bearer\",\"auth_secret_key\":\"api_key\",\"secrets\":{\"api_key\":\"sk-bench-secret\"}}" >/dev/null
curl -fsS -X PUT -H "$admin_header" -H 'content-type: application/json' "$gw/api/admin/service-api-keys/echo" \
  -d "{\"key\":\"$service_key\"}" >/dev/null
unset service_key admin_header
gw_url="$gw/proxy/echo/v1/hello"

# The agent's first signed request is refused with the markdown 403 and files a pending claim.
"$root/sigilum" request GET "$gw_url" --home "$SIGILUM_HOME" >/dev/null 2>&1 || true
claim=""
for _ in $(seq 20); do
  claim=$("$root/sigilum" claims list --status pending --json --home "$SIGILUM_HOME" \
    | jq -r '[.claims[] | select(.service == "echo")][0].claim_id // empty')
  [[ -n "$claim" ]] && break
  sleep 0.5
done
[[ -n "$claim" ]] || { echo "gateway-load: no pending claim was filed" >&2; exit 1; }
"$root/sigilum" claims approve "$claim" --home "$SIGILUM_HOME" --json >/dev/null
for _ in $(seq 40); do
  "$root/sigilum" request GET "$gw_url" --home "$SIGILUM_HOME" --fail >/dev/null 2>&1 && break
  sleep 0.25
done
"$root/sigilum" request GET "$gw_url" --home "$SIGILUM_HOME" --fail >/dev/null
log "claim $claim approved; signed requests reach the upstream"

# --- measurements ---------------------------------------------------------------------------------
# A fresh gateway is still tier-1/PGO re-jitting for minutes on a busy 2-core box (perf showed the JIT
# worker at ~45 % of its CPU a minute after start), so it gets signed load, unrecorded, first.
if [[ $gateway_warmup != 0 ]]; then
  log "warming the gateway: ${gateway_warmup}s of signed load at $connections connections (not recorded)"
  load --url "$gw_url" --connections "$connections" --duration "$gateway_warmup" --warmup 0 --json \
    --sign --home "$SIGILUM_HOME" --namespace "$ns" >"$work/gateway-warmup.json"
fi
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before measuring: $loadavg_before"

log "wrk direct ($connections connections, ${duration}s) — reference for the load tool's own ceiling"
wrk -t2 -c"$connections" -d"${duration}s" "$direct_url" >"$work/wrk-direct.txt"
log "wrk nginx ($peak_connections connections, ${duration}s)"
wrk -t2 -c"$peak_connections" -d"${duration}s" "$nginx_url" >"$work/wrk-nginx-peak.txt"
wrk_rps() { awk '/^Requests\/sec/{printf "%.0f", $2}' "$1"; }

run() { # name url connections [--sign]
  local name=$1 url=$2 conns=$3; shift 3
  log "$name: $url, $conns connections, ${warmup}s warm-up + ${duration}s"
  local gw0 cp0 ng0 m0
  gw0=$(cpu_ticks "$gw_pid"); cp0=$(cpu_ticks "$cp_pid")
  ng0=0; for p in $(pgrep -f "nginx: worker process" -P "$(cat "$work/nginx/nginx.pid")"); do ng0=$(( ng0 + $(cpu_ticks "$p") )); done
  m0=$(machine_ticks)
  load --url "$url" --connections "$conns" --duration "$duration" --warmup "$warmup" --json "$@" >"$work/$name.json"
  local gw1 cp1 ng1 m1
  gw1=$(cpu_ticks "$gw_pid"); cp1=$(cpu_ticks "$cp_pid")
  ng1=0; for p in $(pgrep -f "nginx: worker process" -P "$(cat "$work/nginx/nginx.pid")"); do ng1=$(( ng1 + $(cpu_ticks "$p") )); done
  m1=$(machine_ticks)
  # CPU seconds each process used during the run, and the machine's busy CPU seconds (all processes).
  jq --argjson t "$clk_tck" --argjson gw "$(( gw1 - gw0 ))" --argjson cp "$(( cp1 - cp0 ))" --argjson ng "$(( ng1 - ng0 ))" \
     --argjson mt "$(( ${m1% *} - ${m0% *} ))" --argjson mi "$(( ${m1#* } - ${m0#* } ))" \
     '. + {gatewayCpuSeconds: ($gw / $t), controlPlaneCpuSeconds: ($cp / $t), nginxCpuSeconds: ($ng / $t), machineBusyCpuSeconds: (($mt - $mi) / $t)}' \
     "$work/$name.json" >"$work/$name.tmp" && mv "$work/$name.tmp" "$work/$name.json"
  jq -c '{requests, requestsPerSecond, p50Micros, p99Micros, errors, outcomes}' "$work/$name.json" >&2
}

# Gateway memory: sample VmRSS every 200 ms for the whole measuring phase; VmHWM is the kernel's peak.
( while :; do awk '/^VmRSS/{print $2}' "/proc/$gw_pid/status" 2>/dev/null || true; sleep 0.2; done >"$work/rss.txt" ) &
samplers+=($!)
rss_before_kb=$(awk '/^VmRSS/{print $2}' "/proc/$gw_pid/status")

# One connection first: the per-request floor with nothing queued or contending.
run direct-1 "$direct_url" 1
run gateway-1 "$gw_url" 1 --sign --home "$SIGILUM_HOME" --namespace "$ns"
run direct "$direct_url" "$connections"
run nginx "$nginx_url" "$connections"
run gateway "$gw_url" "$connections" --sign --home "$SIGILUM_HOME" --namespace "$ns"
top -b -n 1 -w 200 | head -20 >"$work/top-after-gateway.txt"
run direct-peak "$direct_url" "$peak_connections"
run nginx-peak "$nginx_url" "$peak_connections"
run gateway-peak "$gw_url" "$peak_connections" --sign --home "$SIGILUM_HOME" --namespace "$ns"
top_snapshot=$(top -b -n 1 -w 200 | sed -n 7,16p)

kill "${samplers[0]}" 2>/dev/null || true
samplers=()
rss_max_kb=$(sort -n "$work/rss.txt" | tail -1)
hwm_kb=$(awk '/^VmHWM/{print $2}' "/proc/$gw_pid/status")
loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- revocation latency: revoke while one agent sends signed requests back to back -----------------
log "revocation: tight signed loop, then POST /v1/claims/$claim/revoke (what 'sigilum claims revoke' calls)"
rm -f "$work/ready"
load --url "$gw_url" --sign --home "$SIGILUM_HOME" --namespace "$ns" --until-status 403 --max-seconds 30 \
  --ready-file "$work/ready" >"$work/revocation.json" &
watch_pid=$!
samplers+=("$watch_pid")
for _ in $(seq 300); do [[ -f "$work/ready" ]] && break; sleep 0.05; done
sleep 0.5   # let the loop run in steady state
revoke_started=$(date +%s%3N)
curl -fsS -X POST -H "Authorization: Bearer $token" "$api/v1/claims/$claim/revoke" -o /dev/null
revoke_returned=$(date +%s%3N)
revocation_ok=1
wait "$watch_pid" || revocation_ok=0
samplers=()
revocation_seen=$(jq -r .seenUnixMs "$work/revocation.json")
last_success=$(jq -r .lastSuccessUnixMs "$work/revocation.json")
if [[ $revocation_ok -eq 1 ]]; then
  revocation_ms=$(( revocation_seen - revoke_returned ))
  log "revocation: API call took $(( revoke_returned - revoke_started )) ms; first 403 $revocation_ms ms after it returned; last 200 at $(( last_success - revoke_returned )) ms"
else
  revocation_ms=""
  log "revocation: no 403 within 30 s"
fi

# --- results --------------------------------------------------------------------------------------
j() { jq -r "$2" "$work/$1.json"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
num() { awk -v x="$1" 'BEGIN { printf "%.0f", x }'; }

d_p50=$(j direct .p50Micros); d_p99=$(j direct .p99Micros)
g_p50=$(j gateway .p50Micros); g_p99=$(j gateway .p99Micros)
added_p50=$(( g_p50 - d_p50 )); added_p99=$(( g_p99 - d_p99 ))
# Peak = the best requests/s each path reached at any of the connection counts measured.
max_rps() { local m=0 r; for n in "$@"; do r=$(j "$n" .requestsPerSecond); m=$(awk -v a="$m" -v b="$r" 'BEGIN { print (b > a ? b : a) }'); done; echo "$m"; }
best_conns() { local best=$1 n; for n in "$@"; do [[ "$(j "$n" .requestsPerSecond)" == "$(max_rps "$@")" ]] && best=$n; done; j "$best" .connections; }
nginx_peak=$(max_rps nginx nginx-peak); gw_peak=$(max_rps gateway-1 gateway gateway-peak)
nginx_peak_c=$(best_conns nginx nginx-peak); gw_peak_c=$(best_conns gateway-1 gateway gateway-peak)
ratio=$(awk -v g="$gw_peak" -v n="$nginx_peak" 'BEGIN { printf "%.3f", g / n }')
tool_vs_wrk=$(awk -v t="$(j direct .requestsPerSecond)" -v w="$(wrk_rps "$work/wrk-direct.txt")" 'BEGIN { printf "%.0f", 100 * t / w }')

conns() { if [[ $1 == 1 ]]; then echo "1 connection"; else echo "$1 connections"; fi; }
verdict() { if awk -v a="$1" -v b="$2" "BEGIN { exit !(a $3 b) }"; then echo "**met**"; else echo "**missed**"; fi; }
v_p50=$(verdict "$added_p50" 1000 "<=")
v_p99=$(verdict "$added_p99" 3000 "<=")
v_ratio=$(verdict "$ratio" 0.5 ">=")
v_rss=$(verdict "$hwm_kb" $(( 150 * 1024 )) "<")
if [[ -n "$revocation_ms" ]]; then v_rev=$(verdict "$revocation_ms" 1000 "<="); else v_rev="**missed** (no 403 within 30 s)"; fi

row() { # label name
  local n=$2
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(j "$n" .connections)" \
    "$(num "$(j "$n" .requestsPerSecond)")" "$(ms "$(j "$n" .p50Micros)")" "$(ms "$(j "$n" .p90Micros)")" \
    "$(ms "$(j "$n" .p99Micros)")" "$(ms "$(j "$n" .maxMicros)")" "$(j "$n" .errors)" \
    "$(awk -v a="$(j "$n" .toolCpuSeconds)" 'BEGIN { printf "%.1f", a }')" \
    "$(awk -v g="$(j "$n" .gatewayCpuSeconds)" -v c="$(j "$n" .controlPlaneCpuSeconds)" -v x="$(j "$n" .nginxCpuSeconds)" -v m="$(j "$n" .machineBusyCpuSeconds)" \
        'BEGIN { printf "gw %.1f · cp %.1f · nginx %.1f · machine %.1f", g, c, x, m }')"
}
outcomes() { jq -r '.outcomes | to_entries | map("\(.key): \(.value)") | join(", ")' "$work/$1.json"; }

section="$work/section.md"
{
  echo "<!-- gateway-load:start -->"
  echo "## Gateway under load — $(date -u +%Y-%m-%d) (generated by \`benchmarks/gateway-load.sh\`)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)), Linux $(uname -r),"
  echo ".NET SDK $(dotnet --version), $(nginx -v 2>&1 | sed 's/^nginx version: //'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}'),"
  echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)'). Run at $(date -u +%H:%M) UTC with"
  echo "\`$command_line\`."
  echo "Load average (1/5/15 min) $loadavg_before before measuring, $loadavg_after after: anything above"
  echo "2 means other processes (builds, test suites) were competing for the same $(nproc) cores, so absolute"
  echo "figures are pessimistic; the three paths ran back to back under the same conditions."
  echo
  echo "Setup: one nginx serves the upstream (a static \`200 hello\`) and, on a second port, a plain"
  echo "reverse proxy to it (\`proxy_pass\`, keep-alive upstream pool, injects a fixed \`Authorization\`"
  echo "header so it does comparable header work). The Sigilum stack runs as \`sigilum up --detach\` in a"
  echo "temporary SIGILUM_HOME under $work_base ($(df --output=fstype "$work_base" | tail -1), SQLite); the \`echo\` connection points at the same upstream with a bearer"
  echo "credential; the agent's claim is approved. The gateway path signs every request with the SDK's"
  echo "\`SigilumSigningHandler\` (fresh \`created\` and nonce), and the gateway verifies the signature,"
  echo "records the nonce, checks the approval, resolves and injects the credential, writes the durable"
  echo "audit record and reports usage. Load: \`benchmarks/Sigilum.Load\` (closed loop, one request in"
  echo "flight per connection, ${warmup} s warm-up, ${duration} s measured, exact percentiles over every request;"
  echo "before all runs the gateway got ${gateway_warmup} s of unrecorded signed load to let the JIT settle)."
  echo
  echo "| path | connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | load tool CPU s | other CPU s during the run |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
  row "direct" direct-1
  row "**gateway** (signed)" gateway-1
  row "direct" direct
  row "nginx (plain proxy)" nginx
  row "**gateway** (signed)" gateway
  row "direct, peak" direct-peak
  row "nginx, peak" nginx-peak
  row "**gateway** (signed), peak" gateway-peak
  echo
  echo "Outcomes — gateway, 1 connection: $(outcomes gateway-1); gateway: $(outcomes gateway); gateway peak: $(outcomes gateway-peak)."
  echo "Gateway log during the whole script: $(grep -cE '^[^ ]+ (fail|crit) ' "$SIGILUM_HOME/logs/gateway.log" || true) fail/crit and $(grep -cE '^[^ ]+ warn ' "$SIGILUM_HOME/logs/gateway.log" || true) warn lines$(grep -E '^[^ ]+ (fail|crit|warn) ' "$SIGILUM_HOME/logs/gateway.log" | cut -d' ' -f2- | sed -E 's/Connection id "[^"]*", Request id "[^"]*": //' | cut -c1-150 | sort | uniq -c | sort -rn | head -4 | awk 'BEGIN { printf ":" } { c = $1; $1 = ""; printf " %s× %c%s%c;", c, 96, substr($0, 2), 96 }')"
  echo "With one connection the gateway adds $(ms $(( $(j gateway-1 .p50Micros) - $(j direct-1 .p50Micros) ))) ms p50 and $(ms $(( $(j gateway-1 .p99Micros) - $(j direct-1 .p99Micros) ))) ms p99 (nothing queued)."
  echo "CPU columns: seconds of CPU each process used over the run's ${warmup} + ${duration} s (gw = gateway,"
  echo "cp = control plane; machine = all busy CPU on the box, out of $(( $(nproc) * (warmup + duration) )) available)."
  echo
  echo "| DESIGN §6 target | measured | |"
  echo "| --- | --- | --- |"
  echo "| gateway adds ≤ 1 ms p50 at moderate load ($connections connections) | $(ms "$added_p50") ms ($(ms "$g_p50") vs $(ms "$d_p50") direct) | $v_p50 |"
  echo "| gateway adds ≤ 3 ms p99 at moderate load | $(ms "$added_p99") ms ($(ms "$g_p99") vs $(ms "$d_p99") direct) | $v_p99 |"
  echo "| gateway sustains ≥ 50 % of nginx's requests/s (each at its best connection count) | $(awk -v r="$ratio" 'BEGIN { printf "%.1f", r * 100 }') % ($(num "$gw_peak")/s at $(conns "$gw_peak_c") vs $(num "$nginx_peak")/s at $(conns "$nginx_peak_c")) | $v_ratio |"
  echo "| gateway under 150 MB RSS under load | peak $(( hwm_kb / 1024 )) MB (VmHWM; sampled VmRSS max $(( rss_max_kb / 1024 )) MB, $(( rss_before_kb / 1024 )) MB when the measured runs began) | $v_rss |"
  rev_note=""
  [[ -n "$revocation_ms" && "$revocation_ms" -le 0 ]] && rev_note="; ≤ 0 means the 403 arrived before the revoke call itself had returned"
  echo "| revocation effective ≤ 1 s | ${revocation_ms:-–} ms from the revoke call returning to the first 403 (the call took $(( revoke_returned - revoke_started )) ms; last 200 at $(( last_success - revoke_returned )) ms$rev_note) | $v_rev |"
  echo "| \`sigilum up\` ready ≤ 5 s after build | ${up_ms} ms (control plane + gateway, fresh home) | $(verdict "$up_ms" 5000 "<=") |"
  echo
  echo "Load tool check: on the direct path it reached ${tool_vs_wrk} % of \`wrk -t2 -c$connections\`"
  echo "($(num "$(j direct .requestsPerSecond)") vs $(wrk_rps "$work/wrk-direct.txt") requests/s); \`wrk -t2 -c$peak_connections\` through nginx: $(wrk_rps "$work/wrk-nginx-peak.txt") requests/s."
  echo "On the gateway rows the load tool (which also signs every request, the cost a real agent pays) used"
  echo "$(awk -v a="$(j gateway .toolCpuSeconds)" 'BEGIN { printf "%.1f", a }') / $(awk -v a="$(j gateway-peak .toolCpuSeconds)" 'BEGIN { printf "%.1f", a }') CPU s of the $(( $(nproc) * (warmup + duration) )) the machine had in those runs, so it was not what limited them."
  echo
  echo "Process snapshot (\`top -b -n 1\`) right after the peak gateway run:"
  echo
  echo '```text'
  echo "$top_snapshot"
  echo '```'
  echo "<!-- gateway-load:end -->"
} >"$section"

cat "$section"
if [[ $write_doc -eq 1 ]]; then
  doc="$root/docs/benchmarks.md"
  if grep -q '<!-- gateway-load:start -->' "$doc"; then
    awk -v f="$section" '
      /<!-- gateway-load:start -->/ { while ((getline line < f) > 0) print line; skip = 1; next }
      /<!-- gateway-load:end -->/ { skip = 0; next }
      !skip { print }' "$doc" >"$work/doc.md"
  else
    # First run: the section goes before "## Still to measure" (or at the end).
    awk -v f="$section" '
      /^## Still to measure/ && !done { while ((getline line < f) > 0) print line; print ""; done = 1 }
      { print }
      END { if (!done) { print ""; while ((getline line < f) > 0) print line } }' "$doc" >"$work/doc.md"
  fi
  cp "$work/doc.md" "$doc"
  log "wrote the section into docs/benchmarks.md"
fi
succeeded=1
