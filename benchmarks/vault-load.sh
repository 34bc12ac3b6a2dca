#!/usr/bin/env bash
# benchmarks/vault-load.sh — HTTPS through sigil-vault vs mitmproxy vs a squid CONNECT tunnel, one run.
#
# Starts one HTTPS upstream (Kestrel, own test CA, name "localhost"), then runs the same closed-loop load
# (benchmarks/Sigilum.VaultLoad) against it: directly (baseline), through squid (CONNECT tunnel, no TLS
# interception), through mitmproxy (regular mode, TLS interception with its generated CA) and through
# sigil-vault (TLS interception + proxy token + an attestation per request, minted fresh by a local
# issuer key the vault pins, jti recorded durably, audit record fsynced, credential from an env backend
# injected; once more with HTTP/2 inside the tunnel). Every row reports requests/s, p50/p99 and the CPU µs per
# request of the proxy that served it (sigil-vault, mitmproxy, squid), the upstream and the load tool over exactly
# the measured window (/proc/<pid>/stat, sampled by the load tool); the same run measures the fdatasync time of the
# disk the vault's home is on and one Ed25519 verification, and judges issue #13's vault targets as ratios. The
# section is printed, and written between the vault-load markers in docs/benchmarks.md unless --no-docs. Run it on
# an idle machine: the load average is checked first, and a value ≥ 1 is flagged in the section.
#
# Usage: benchmarks/vault-load.sh [--concurrency "N M …"] [--duration S] [--warmup S] [--vault-warmup S] [--no-docs]
#                                 [--json-out FILE] [--paths "direct squid mitmproxy sigil-vault sigil-vault-h2"]
#                                 [--vault-env "NAME=VALUE …"]
#        (--vault-env starts the vault with these extra environment variables, e.g. runtime knobs to compare;
#        --paths runs only the named rows, e.g. "sigil-vault sigil-vault-h2" for a quick A/B of two vault builds;
#        a run without every row never writes docs/)
#        (default levels: 2 and 16 workers, 15 s measured after 3 s warm-up per row; before all rows the vault gets
#        30 s of unrecorded load so the JIT has settled, as the gateway does in gateway-load.sh)
# Needs root to apt-get install mitmproxy/squid when missing. Everything listens on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
concurrency="2 16"
duration=15
warmup=3
vault_warmup=30
write_docs=1
json_out=""
all_paths="direct squid mitmproxy sigil-vault sigil-vault-h2"
paths="$all_paths"
vault_env=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --concurrency) concurrency="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --vault-warmup) vault_warmup="$2"; shift 2 ;;
    --no-docs|--no-doc) write_docs=0; shift ;;  # both spellings: the other load scripts say --no-doc
    --json-out) json_out="$2"; shift 2 ;;
    --paths) paths="$2"; shift 2 ;;
    --vault-env) vault_env="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for p in $paths; do
  [[ " $all_paths " == *" $p "* ]] || { echo "unknown path in --paths: $p (known: $all_paths)" >&2; exit 2; }
done
[[ "$paths" == "$all_paths" ]] || write_docs=0   # the docs' table and targets need every row
wants() { [[ " $paths " == *" $1 "* ]]; }

# Issue #13: numbers count only from an idle machine (1-minute load average < 1 before the run); checked before
# this script adds any load of its own. A busy machine still runs, and the section says so.
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
machine_busy="$(awk -v l="${load_start%% *}" 'BEGIN { print (l >= 1) ? 1 : 0 }')"
if [[ "$machine_busy" -eq 1 ]]; then
  echo "WARNING: load average $load_start (1 min ≥ 1) before the run: the machine is not idle; the results will say so" >&2
else
  echo "load average before the run: $load_start"
fi

missing=()
command -v mitmdump >/dev/null || missing+=(mitmproxy)
command -v squid >/dev/null || [[ -x /usr/sbin/squid ]] || missing+=(squid)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "needs ${missing[*]} (Debian packages); run as root or install them" >&2; exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
squid_bin="$(command -v squid || echo /usr/sbin/squid)"

work="$(mktemp -d /tmp/vault-load.XXXXXX)"
chmod 755 "$work"
pids=()
succeeded=0
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $succeeded -eq 1 ]]; then
    rm -rf "$work"
  else
    echo "vault-load: failed; logs kept in $work (vault.log, upstream.log, mitm/, squid/)" >&2
  fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

echo "building the load tool and sigil-vault (Release)…"
dotnet build "$root/benchmarks/Sigilum.VaultLoad" -c Release -v q -nologo >/dev/null
load_dll="$root/artifacts/bin/Sigilum.VaultLoad/release/Sigilum.VaultLoad.dll"
[[ -f "$load_dll" ]] || load_dll="$(find "$root/benchmarks/Sigilum.VaultLoad/bin" "$root/artifacts" -name Sigilum.VaultLoad.dll -path '*elease*' 2>/dev/null | head -1)"
vaultload() { dotnet "$load_dll" "$@"; }
"$root/sigil-vault" --help >/dev/null

# 1. Upstream.
up_port="$(free_port)"
dotnet "$load_dll" upstream --port "$up_port" --cert-dir "$work" >"$work/upstream.log" 2>&1 &
up_pid=$!
pids+=("$up_pid")
wait_port "$up_port"
upstream_ca="$work/upstream-ca.pem"
url="https://localhost:$up_port/v1/models"

# 2. squid: plain CONNECT tunnel, only to the upstream's port; no cache, no access log.
squid_port="$(free_port)"
mkdir -p "$work/squid" && chown proxy:proxy "$work/squid" 2>/dev/null || chmod 777 "$work/squid"
cat >"$work/squid/squid.conf" <<CONF
http_port 127.0.0.1:$squid_port
acl CONNECT method CONNECT
acl upstream_port port $up_port
http_access allow CONNECT upstream_port
http_access deny all
cache deny all
access_log none
cache_store_log none
cache_log $work/squid/cache.log
pid_filename $work/squid/squid.pid
coredump_dir $work/squid
shutdown_lifetime 0 seconds
CONF
"$squid_bin" -N -f "$work/squid/squid.conf" >"$work/squid/stdout.log" 2>&1 &
squid_pid=$!
pids+=("$squid_pid")

# 3. mitmproxy, regular mode; its CA is generated in confdir on first start; upstream verified against our test CA.
mitm_port="$(free_port)"
mkdir -p "$work/mitm"
mitmdump --mode regular --listen-host 127.0.0.1 --listen-port "$mitm_port" --set confdir="$work/mitm" \
  --set ssl_verify_upstream_trusted_ca="$upstream_ca" --set flow_detail=0 -q >"$work/mitm/log" 2>&1 &
mitm_pid=$!
pids+=("$mitm_pid")

# 4. sigil-vault: route for localhost (private network explicitly allowed: the upstream is on loopback),
#    env backend, a pinned local issuer key.
export SIGILUM_HOME="$work/home"
vault() { "$root/sigil-vault" "$@"; }
vault init --json >/dev/null
read -r kid fingerprint < <(vaultload keygen --dir "$work/issuer")
vault trust add --kid "$kid" --fingerprint "$fingerprint" --jwk "$work/issuer/issuer.jwk" --issuer vault-load --json >/dev/null
agent_json="$(vault agents create --name bench --json)"
token="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])' <<<"$agent_json")"
agent_id="$(python3 -c 'import json,sys; print(json.load(sys.stdin)["agent"]["id"])' <<<"$agent_json")"
vault backends add --name env --kind env --json >/dev/null
vault routes add --agent-id "$agent_id" --host localhost --path '/*' --port "$up_port" --backend env --secret VAULT_LOAD_KEY --allow-private-network --json >/dev/null
vault ca export --out "$work/vault-ca.pem" >/dev/null
vault_port="$(free_port)"
# shellcheck disable=SC2086 # word splitting of --vault-env is intended: one NAME=VALUE per word
VAULT_LOAD_KEY="sk-vault-load-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  env $vault_env "$root/sigil-vault" start --port "$vault_port" --upstream-ca "$upstream_ca" >"$work/vault.log" 2>&1 &
vault_pid=$!   # the launcher execs the CLI, so this is the vault; its descendants would count too
pids+=("$vault_pid")

wait_port "$squid_port"; wait_port "$mitm_port"; wait_port "$vault_port"
for _ in $(seq 1 100); do [[ -f "$work/mitm/mitmproxy-ca-cert.pem" ]] && break; sleep 0.1; done

results="$work/results.jsonl"
# Same-run references: the durable-commit cost of the disk the vault's home is on, and one Ed25519 verification
# (the attestation check's core) through our API.
echo "probes: fdatasync in $SIGILUM_HOME (200 commits), Ed25519 verify (20,000)"
vaultload fdatasync --dir "$SIGILUM_HOME" --count 200 >"$work/fdatasync.json"
vaultload ed25519-verify --count 20000 >"$work/ed25519.json"
cat "$work/fdatasync.json" "$work/ed25519.json"
if [[ "$vault_warmup" != 0 ]]; then
  # Tiered JIT/PGO keeps recompiling a fresh .NET process's hot paths for a while on a small machine; the vault's
  # CPU per request should be its steady state, so it gets released requests first (not recorded).
  echo "warming the vault: ${vault_warmup}s of attested load at 16 workers (not recorded)"
  vaultload load --label vault-warmup --url "$url" --concurrency 16 --duration "$vault_warmup" --warmup 0 \
    --ca "$work/vault-ca.pem" --proxy "http://127.0.0.1:$vault_port" --token "$token" \
    --attest-dir "$work/issuer" --kid "$kid" --issuer vault-load --audience sigil-vault --agent-id "$agent_id" >"$work/vault-warmup.json" \
    || echo "vault-load: the warm-up had no successful request (see the sigil-vault rows)" >&2
fi
echo "load: $concurrency workers (each level), ${duration}s each after ${warmup}s warm-up"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
failed_rows=()
for c in $concurrency; do
  # The load tool samples every process's CPU at the edges of the measured window. A row in which no request
  # succeeded is kept (its first error is in the table) and the script fails at the end without touching docs/.
  run() {
    local label=$1; shift
    vaultload load --label "$label" --url "$url" --concurrency "$c" --duration "$duration" --warmup "$warmup" \
      --cpu-pid "sigil-vault=$vault_pid" --cpu-pid "mitmproxy=$mitm_pid" --cpu-pid "squid=$squid_pid" --cpu-pid "upstream=$up_pid" \
      "$@" | tee -a "$results" || failed_rows+=("$label at $c workers")
  }
  if wants direct; then run direct --ca "$upstream_ca"; fi
  if wants squid; then run squid --ca "$upstream_ca" --proxy "http://127.0.0.1:$squid_port"; fi
  if wants mitmproxy; then run mitmproxy --ca "$work/mitm/mitmproxy-ca-cert.pem" --proxy "http://127.0.0.1:$mitm_port"; fi
  if wants sigil-vault; then run sigil-vault --ca "$work/vault-ca.pem" --proxy "http://127.0.0.1:$vault_port" --token "$token" \
    --attest-dir "$work/issuer" --kid "$kid" --issuer vault-load --audience sigil-vault --agent-id "$agent_id"; fi
  if wants sigil-vault-h2; then run sigil-vault-h2 --http-version 2 --ca "$work/vault-ca.pem" --proxy "http://127.0.0.1:$vault_port" --token "$token" \
    --attest-dir "$work/issuer" --kid "$kid" --issuer vault-load --audience sigil-vault --agent-id "$agent_id"; fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
vault audit verify --json >"$work/audit-verify.json" 2>&1 && audit_ok=yes || audit_ok=no
if [[ ${#failed_rows[@]} -gt 0 ]]; then
  echo "vault-load: no request succeeded in: ${failed_rows[*]} — docs/benchmarks.md left alone" >&2
  write_docs=0
fi

python3 - "$root/docs/benchmarks.md" "$results" "$concurrency" "$duration" "$warmup" "$load_before" "$load_after" "$audit_ok" \
  "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" "$(free -g | awk '/Mem:/{print $2}')" \
  "$(dotnet --version)" "$(mitmdump --version 2>/dev/null | head -1 | awk '{print $2}')" "$("$squid_bin" -v | head -1 | awk '{print $4}')" \
  "$(git -C "$root" rev-parse --short HEAD)" "$(date -u +%Y-%m-%dT%H:%MZ)" \
  "$load_start" "$machine_busy" "$work/fdatasync.json" "$work/ed25519.json" "$write_docs" "$json_out" "$vault_warmup" <<'PY'
import json, sys
(doc, results, conc, dur, warm, load_before, load_after, audit_ok, cpus, cpu, mem, dotnet, mitm, squid, commit, when,
 load_start, machine_busy, fsync_file, ed_file, write_docs, json_out, vwarm) = sys.argv[1:]
rows = [json.loads(l) for l in open(results) if l.strip()]
fsync = json.load(open(fsync_file))
ed = json.load(open(ed_file))
# The proxy whose CPU a row is about (direct has none).
PROXY = {"squid": "squid", "mitmproxy": "mitmproxy", "sigil-vault": "sigil-vault", "sigil-vault-h2": "sigil-vault"}

def proc(r, name):
    return next((p for p in r["cpu"]["processes"] if p["name"] == name), {})

def us(x):
    return "–" if x is None else f"{x:.1f}"

table = ["| workers | path | requests/s | p50 ms | p99 ms | ok | errors | upstream saw a credential | proxy CPU µs/req | upstream CPU µs/req | load tool CPU µs/req | machine busy CPU s of available |",
         "|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|"]
for r in rows:
    c = r["cpu"]
    proxy = PROXY.get(r["label"])
    proxy_us = us(proc(r, proxy).get("microsPerRequest")) + f" ({proxy})" if proxy else "–"
    busy = c.get("machineBusySeconds")
    table.append(f"| {r['concurrency']} | {r['label']} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | {r['ok']} | {r['errors']} | {r['credential_seen']} "
                 f"| {proxy_us} | {us(proc(r, 'upstream').get('microsPerRequest'))} | {us(proc(r, 'load-tool').get('microsPerRequest'))} "
                 f"| {'–' if busy is None else f'{busy:.1f}'} of {c['cores'] * c['windowSeconds']:.1f} |")
errs = [f"- {r['label']} ({r['concurrency']} workers): first error `{r['first_error']}`" for r in rows if r["errors"]]

# Issue #13's vault targets. "measured ÷ target": a ≤ target is met at ≤ 1, a ≥ target at ≥ 1.
targets = []
def target(label, measured_text, measured, op, bound, bound_text):
    if measured is None:
        ratio, verdict = None, "missed (not measured)"
    else:
        ratio = measured / bound
        verdict = "met" if (measured <= bound if op == "<=" else measured >= bound) else "missed"
    targets.append({"target": label, "measured": measured, "op": op, "bound": bound, "ratio": ratio, "verdict": verdict,
                    "measuredText": measured_text, "boundText": bound_text})

levels = sorted({r["concurrency"] for r in rows})
by_level = {c: {r["label"]: r for r in rows if r["concurrency"] == c} for c in levels}
ratio_bound = {2: 2.0, 16: 5.0}
for c in levels:
    by = by_level[c]
    v, m = by.get("sigil-vault"), by.get("mitmproxy")
    if c in ratio_bound:
        x = v["rps"] / m["rps"] if v and m and m["rps"] else None
        target(f"sigil-vault vs mitmproxy requests/s, {c} workers",
               "–" if x is None else f"{x:.2f}x ({v['rps']:.0f} vs {m['rps']:.0f}/s)", x, ">=", ratio_bound[c], f"{ratio_bound[c]:g}x")
for c in levels:
    for label in ("sigil-vault", "sigil-vault-h2"):
        r = by_level[c].get(label)
        if r:
            x = proc(r, "sigil-vault").get("microsPerRequest")
            target(f"vault CPU per released request, {label}, {c} workers", f"{us(x)} µs", x, "<=", 250, "250 µs")
for c in levels:
    h1, h2 = by_level[c].get("sigil-vault"), by_level[c].get("sigil-vault-h2")
    if h1 and h2:
        x = h2["rps"] / h1["rps"] if h1["rps"] else None
        target(f"HTTP/2 row no slower than HTTP/1.1, {c} workers",
               f"{h2['rps']:.0f} vs {h1['rps']:.0f}/s" + ("" if x is None else f" ({x:.2f}x)"), x, ">=", 1.0, "1x (as fast)")
# VmHWM is the process's peak since start, read when the last row's window closed: it covers every run.
hwm = proc(rows[-1], "sigil-vault").get("peakRssKiB") if rows else None
target("vault memory over the whole run", "–" if hwm is None else f"{hwm / 1024:.1f} MiB VmHWM", None if hwm is None else hwm / 1024, "<=", 150, "150 MiB")

def fmt_ratio(x):
    return "–" if x is None else f"{x:.2f}×"

ttable = ["| target | measured | target | measured ÷ target | |", "| --- | --- | --- | ---: | --- |"]
for t in targets:
    ttable.append(f"| {t['target']} | {t['measuredText']} | {'≤' if t['op'] == '<=' else '≥'} {t['boundText']} | {fmt_ratio(t['ratio'])} | **{t['verdict']}** |")

warning = ""
if machine_busy == "1":
    warning = (f"> **⚠ Not an idle machine: the load average was {load_start} (1 min ≥ 1) before the run.** Other processes\n"
               f"> competed for the same {cpus} cores, so requests/s and latencies are pessimistic and these results do not\n"
               f"> count for issue #13's acceptance (regenerate on an idle machine).\n\n")
fs = fsync["micros"]
body = f"""<!-- vault-load:start -->
{warning}Run {when}, commit `{commit}`, by `benchmarks/vault-load.sh` (closed loop at {conc.replace(' ', ' and ')} concurrent workers,
{dur} s measured after {warm} s warm-up per row, the vault first given {vwarm} s of unrecorded load; GET of a ~40-byte JSON body over HTTPS/1.1, keep-alive on the
agent side). Machine: {cpus} vCPU ({cpu}), {mem} GiB RAM, .NET {dotnet}, mitmproxy {mitm}, squid {squid}.
Load generator, upstream and proxy share the same {cpus} cores.

Load average (1/5/15 min): {load_start} before the run, {load_before} before the measured rows, {load_after} after them.

Same-run references: **one fdatasync** (4 KiB append + `fdatasync`, {fs['count']} commits, in the vault's home on
{fsync.get('fileSystem') or '?'}) median **{fs['median'] / 1000:.2f} ms**, p99 {fs['p99'] / 1000:.2f} ms; **one Ed25519 verification** through
our API ({ed['implementation']}, median of per-batch thread CPU) **{ed['cpuMicros']['median']:.1f} µs**.

{chr(10).join(table)}
{chr(10).join(errs)}

CPU columns: CPU time the process used over exactly the measured window (warm-up excluded; read from
`/proc/<pid>/stat` by the load tool at the window's edges, descendants included) divided by the requests that
completed in it. "proxy" is the process that served the row (squid, mitmproxy or sigil-vault).

What each path does per request:
- **direct**: client → upstream TLS, no proxy (baseline).
- **squid**: CONNECT tunnel, bytes relayed, TLS end to end with the upstream (no interception).
- **mitmproxy**: TLS interception with its own CA, upstream TLS verified against the test CA, one
  upstream connection kept per client tunnel (no per-request upstream handshake).
- **sigil-vault**: TLS interception with its CA, proxy token, an Ed25519 attestation minted by the
  client for exactly this method + URL and verified by the vault (EdDSA, pin, claims, intent hash),
  its `jti` checked against replay, the `vault.release` audit record durable before the credential is
  fetched, the credential injected and zeroed, the response scanned for credential echoes, and a
  `vault.outcome` record. `audit verify` after the run: {"ok" if audit_ok == "yes" else "FAILED"}.
- **sigil-vault-h2**: the same, but the client requires HTTP/2 (ALPN h2): all workers share one tunnel
  as concurrent streams, served by the vault's in-process Kestrel (ADR 0017).

Issue #13 targets, this run (measured ÷ target: a ≤ target is met at ≤ 1, a ≥ target at ≥ 1):

{chr(10).join(ttable)}
<!-- vault-load:end -->"""
print(body)
if json_out:
    json.dump({"loadAverageBefore": load_start, "idle": machine_busy != "1", "fdatasync": fsync, "ed25519": ed,
               "rows": rows, "targets": targets}, open(json_out, "w"), indent=2)
    print("wrote", json_out, file=sys.stderr)
if write_docs == "1":
    text = open(doc).read()
    start, end = "<!-- vault-load:start -->", "<!-- vault-load:end -->"
    if start in text and end in text:
        text = text[:text.index(start)] + body + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n## HTTPS through sigil-vault, mitmproxy and squid\n\n" + body + "\n"
    open(doc, "w").write(text)
    print("wrote", doc, file=sys.stderr)
PY
[[ ${#failed_rows[@]} -eq 0 ]] || exit 1
succeeded=1
