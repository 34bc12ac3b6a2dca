#!/usr/bin/env bash
# scaleout-load.sh — issue #18: the gateway on PostgreSQL, one instance against two behind nginx, in ONE run.
# Starts a private PostgreSQL, the control plane and gateway A (`sigilum up` with the gateway on PostgreSQL),
# gateway B from a second home (a copy of A's owner sign-in, master key and pinned key; its own identity), an nginx
# upstream (a static 200) and an nginx balancer in front of both gateways (docs/deployment.md's configuration).
# Rows, same run, same signed load: one gateway (direct), one gateway behind the balancer, two gateways behind the
# balancer. Each row reports requests/s, p50/p99 and CPU µs per request of each gateway, the control plane,
# nginx and PostgreSQL over the measured window. Prints a markdown table; writes no doc (put it in docs/perf/).
#
#   ./benchmarks/scaleout-load.sh [--duration 10] [--connections 16] [--warmup 3] [--gateway-warmup 10]
#
# Run under the shared lock: flock /tmp/sigilum-bench.lock ./benchmarks/scaleout-load.sh
# Needs nginx, jq, curl, PostgreSQL's server binaries (/usr/lib/postgresql/<v>/bin) and the .NET SDK.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=lib/stack.sh
. "$root/benchmarks/lib/stack.sh"
log() { printf '[scaleout-load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# Every option is --name VALUE for one of these numbers (dashes in the name become underscores).
duration=10 connections=16 warmup=3 gateway_warmup=10
while [[ $# -gt 0 ]]; do
  name="${1#--}" && name="${name//-/_}"
  case "$name" in
    duration|connections|warmup|gateway_warmup) printf -v "$name" '%s' "$2"; shift 2 ;;
    h|help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "scaleout-load: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before the run: $loadavg_start"
for tool in nginx jq curl dotnet; do command -v "$tool" >/dev/null || { echo "scaleout-load: $tool is required" >&2; exit 69; }; done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$pg_bin/pg_ctl" ]] || { echo "scaleout-load: PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; exit 69; }

work="$(mktemp -d /tmp/sigilum-scaleout-load.XXXXXX)"
chmod 755 "$work"
home_a="$work/home-a" home_b="$work/home-b"
ns=bench
pg_as=()
[[ $(id -u) -eq 0 ]] && pg_as=(runuser -u postgres --)
succeeded=0
cleanup() {
  local rc=$?
  "$root/sigilum" gateway stop --home "$home_b" >/dev/null 2>&1 || true
  "$root/sigilum" down --home "$home_a" >/dev/null 2>&1 || true
  [[ -f "$work/nginx/nginx.pid" ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  [[ -f "$work/pg/data/postmaster.pid" ]] && "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
  if [[ $succeeded -eq 1 ]]; then rm -rf "$work"; else echo "scaleout-load: failed (exit $rc); logs kept in $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_load_tool "$work"
load() { dotnet "$load_dll" "$@"; }

# --- PostgreSQL: a private cluster, durable commits (synchronous_commit on, as docs/deployment.md asks) ---------
pg_port=$(free_port)
mkdir -p "$work/pg"
[[ ${#pg_as[@]} -gt 0 ]] && chown postgres "$work/pg"
"${pg_as[@]}" "$pg_bin/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/server.log" -w -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
pg="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres;Maximum Pool Size=40"
pg_pid=$(head -1 "$work/pg/data/postmaster.pid")
log "PostgreSQL on port $pg_port (pid $pg_pid)"
export SIGILUM_GATEWAY_STORE=postgres SIGILUM_GATEWAY_POSTGRES="$pg" GATEWAY_TRUSTED_PROXY_CIDRS=127.0.0.1/32
unset SIGILUM_NAMESPACE SIGILUM_API_URL GATEWAY_ADDR

# --- gateway A with the control plane, then gateway B from a copy of A's node files ----------------------------
"$root/sigilum" up --detach --api-port 0 --gateway-port 0 --vault-port 0 --vault-admin-port 0 --namespace "$ns" --home "$home_a" --json >"$work/up.json"
api=$(jq -r .apiUrl "$work/up.json")
gw_a=$(jq -r .gatewayUrl "$work/up.json")
token=$(jq -r '.tokens[0].token' "$home_a/controlplane/owner-token-$ns")
up_port=$(free_port)
SIGILUM_HOME="$home_a" register_echo_connection "$gw_a" "$api" "$ns" "$token" "$up_port"
mkdir -p "$home_b"
(cd "$home_a" && find . -type f ! -path './run/*' ! -path './logs/*' ! -path './vault/*' ! -path './gateway/identities/*' \
   ! -path './gateway/audit/*' ! -name 'gateway.db*' ! -name replay.epoch -exec cp -p --parents {} "$home_b" \;)
"$root/sigilum" gateway start --detach --port 0 --namespace "$ns" --api-url "$api" --home "$home_b" --json >"$work/gw-b.json"
gw_b=$(jq -r .url "$work/gw-b.json")
pid_a=$(jq -r .pid "$home_a/run/gateway.json")
pid_b=$(jq -r .pid "$home_b/run/gateway.json")
cp_pid=$(jq -r .pid "$home_a/run/controlplane.json")
log "control plane $api; gateway A $gw_a (pid $pid_a), gateway B $gw_b (pid $pid_b)"

# --- nginx: the upstream, a balancer over A only and a balancer over A and B --------------------------------
lb_one=$(free_port) lb_two=$(free_port)
mkdir -p "$work/nginx"
proxy_block='proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr; proxy_buffering off; proxy_next_upstream error timeout;'
{ nginx_conf_head "$work/nginx"; cat <<EOF; } >"$work/nginx/nginx.conf"
  keepalive_requests 1000000;
  upstream one { server ${gw_a#http://}; keepalive 64; }
  upstream two { server ${gw_a#http://}; server ${gw_b#http://}; keepalive 64; }
  server { listen 127.0.0.1:$up_port; location / { default_type text/plain; return 200 "hello\n"; } }
  server { listen 127.0.0.1:$lb_one; location / { proxy_pass http://one; $proxy_block } }
  server { listen 127.0.0.1:$lb_two; location / { proxy_pass http://two; $proxy_block } }
}
EOF
nginx -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
nginx_pid=$(cat "$work/nginx/nginx.pid")

url_a="$gw_a/proxy/echo/v1/hello"
"$root/sigilum" request GET "$url_a" --home "$home_a" >/dev/null 2>&1 || true
claim=""
for _ in $(seq 20); do
  claim=$("$root/sigilum" claims list --status pending --json --home "$home_a" | jq -r '[.claims[] | select(.service == "echo")][0].claim_id // empty')
  [[ -n "$claim" ]] && break
  sleep 0.5
done
[[ -n "$claim" ]] || { echo "scaleout-load: no pending claim was filed" >&2; exit 1; }
"$root/sigilum" claims approve "$claim" --home "$home_a" --json >/dev/null
for target in "$url_a" "$gw_b/proxy/echo/v1/hello"; do
  for _ in $(seq 40); do "$root/sigilum" request GET "$target" --home "$home_a" --fail >/dev/null 2>&1 && break; sleep 0.25; done
  "$root/sigilum" request GET "$target" --home "$home_a" --fail >/dev/null
done
log "claim $claim approved; both gateways serve"

if [[ $gateway_warmup != 0 ]]; then
  log "warming both gateways: ${gateway_warmup}s of signed load through the two-node balancer (not recorded)"
  load --url "http://127.0.0.1:$lb_two/proxy/echo/v1/hello" --connections "$connections" --duration "$gateway_warmup" --warmup 0 --json \
    --sign --home "$home_a" --namespace "$ns" >/dev/null
fi
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)
run() { # name url
  log "$1: $2, $connections connections, ${warmup}s warm-up + ${duration}s"
  load --url "$2" --connections "$connections" --duration "$duration" --warmup "$warmup" --json --sign --home "$home_a" --namespace "$ns" \
    --cpu-pid "gateway-a=$pid_a" --cpu-pid "gateway-b=$pid_b" --cpu-pid "control-plane=$cp_pid" --cpu-pid "nginx=$nginx_pid" --cpu-pid "postgres=$pg_pid" >"$work/$1.json"
}
run one-direct "$url_a"
run one-balanced "http://127.0.0.1:$lb_one/proxy/echo/v1/hello"
run two-balanced "http://127.0.0.1:$lb_two/proxy/echo/v1/hello"
loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)

cpu() { jq -r --arg n "$2" '.cpu.processes[] | select(.name == $n) | ((.microsPerRequest // 0) * 10 | round / 10)' "$work/$1.json"; }
echo "Load average: $loadavg_start at start, $loadavg_before before measuring, $loadavg_after after; $(nproc) cores; $connections connections, ${duration}s per row."
echo
echo "| row | req/s | p50 ms | p99 ms | errors | gateway A µs/req | gateway B µs/req | control plane µs/req | nginx µs/req | PostgreSQL µs/req |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in one-direct one-balanced two-balanced; do
  jq -r --arg row "$row" '"| \($row) | \(.requestsPerSecond | round) | \(.p50Micros / 1000 * 100 | round / 100) | \(.p99Micros / 1000 * 100 | round / 100) | \(.errors) "' "$work/$row.json" | tr -d '\n'
  echo "| $(cpu "$row" gateway-a) | $(cpu "$row" gateway-b) | $(cpu "$row" control-plane) | $(cpu "$row" nginx) | $(cpu "$row" postgres) |"
done
succeeded=1
