#!/usr/bin/env bash
# benchmarks/vault-load.sh — HTTPS through sigil-vault vs mitmproxy vs a squid CONNECT tunnel, one run.
#
# Starts one HTTPS upstream (Kestrel, own test CA, name "localhost"), then runs the same closed-loop load
# (benchmarks/Sigilum.VaultLoad) against it: directly (baseline), through squid (CONNECT tunnel, no TLS
# interception), through mitmproxy (regular mode, TLS interception with its generated CA) and through
# sigil-vault (TLS interception + proxy token + an attestation per request, minted fresh by a local
# issuer key the vault pins, jti recorded durably, audit record fsynced, credential from an env backend
# injected; once more with HTTP/2 inside the tunnel). Results go between the vault-load markers in docs/benchmarks.md.
#
# Usage: benchmarks/vault-load.sh [--concurrency "N M …"] [--duration S] [--no-docs]   (default levels: 2 and 16)
# Needs root to apt-get install mitmproxy/squid when missing. Everything listens on 127.0.0.1.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
concurrency="2 16"
duration=15
warmup=3
write_docs=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --concurrency) concurrency="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --no-docs) write_docs=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

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
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
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
pids+=($!)
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
pids+=($!)

# 3. mitmproxy, regular mode; its CA is generated in confdir on first start; upstream verified against our test CA.
mitm_port="$(free_port)"
mkdir -p "$work/mitm"
mitmdump --mode regular --listen-host 127.0.0.1 --listen-port "$mitm_port" --set confdir="$work/mitm" \
  --set ssl_verify_upstream_trusted_ca="$upstream_ca" --set flow_detail=0 -q >"$work/mitm/log" 2>&1 &
pids+=($!)

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
vault routes add --agent-id "$agent_id" --host localhost --path '/*' --backend env --secret VAULT_LOAD_KEY --allow-private-network --json >/dev/null
vault ca export --out "$work/vault-ca.pem" >/dev/null
vault_port="$(free_port)"
VAULT_LOAD_KEY="sk-vault-load-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  "$root/sigil-vault" start --port "$vault_port" --upstream-ca "$upstream_ca" >"$work/vault.log" 2>&1 &
pids+=($!)

wait_port "$squid_port"; wait_port "$mitm_port"; wait_port "$vault_port"
for _ in $(seq 1 100); do [[ -f "$work/mitm/mitmproxy-ca-cert.pem" ]] && break; sleep 0.1; done

results="$work/results.jsonl"
echo "load: $concurrency workers (each level), ${duration}s each after ${warmup}s warm-up"
load_before="$(uptime)"
for c in $concurrency; do
  run() { vaultload load --url "$url" --concurrency "$c" --duration "$duration" --warmup "$warmup" "$@"; }
  run --label direct --ca "$upstream_ca" | tee -a "$results"
  run --label squid --ca "$upstream_ca" --proxy "http://127.0.0.1:$squid_port" | tee -a "$results"
  run --label mitmproxy --ca "$work/mitm/mitmproxy-ca-cert.pem" --proxy "http://127.0.0.1:$mitm_port" | tee -a "$results"
  run --label sigil-vault --ca "$work/vault-ca.pem" --proxy "http://127.0.0.1:$vault_port" --token "$token" \
    --attest-dir "$work/issuer" --kid "$kid" --issuer vault-load --audience sigil-vault | tee -a "$results"
  run --label sigil-vault-h2 --http-version 2 --ca "$work/vault-ca.pem" --proxy "http://127.0.0.1:$vault_port" --token "$token" \
    --attest-dir "$work/issuer" --kid "$kid" --issuer vault-load --audience sigil-vault | tee -a "$results"
done
load_after="$(uptime)"
vault audit verify --json >"$work/audit-verify.json" 2>&1 && audit_ok=yes || audit_ok=no

[[ "$write_docs" -eq 1 ]] || exit 0

python3 - "$root/docs/benchmarks.md" "$results" "$concurrency" "$duration" "$warmup" "$load_before" "$load_after" "$audit_ok" \
  "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)" "$(free -g | awk '/Mem:/{print $2}')" \
  "$(dotnet --version)" "$(mitmdump --version 2>/dev/null | head -1 | awk '{print $2}')" "$("$squid_bin" -v | head -1 | awk '{print $4}')" \
  "$(git -C "$root" rev-parse --short HEAD)" "$(date -u +%Y-%m-%dT%H:%MZ)" <<'PY'
import json, sys
(doc, results, conc, dur, warm, load_during, load_after, audit_ok, cpus, cpu, mem, dotnet, mitm, squid, commit, when) = sys.argv[1:]
rows = [json.loads(l) for l in open(results) if l.strip()]
table = ["| workers | path | requests/s | p50 ms | p90 ms | p99 ms | ok | errors | upstream saw a credential |", "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
for r in rows:
    table.append(f"| {r['concurrency']} | {r['label']} | {r['rps']:.1f} | {r['p50_ms']:.2f} | {r['p90_ms']:.2f} | {r['p99_ms']:.2f} | {r['ok']} | {r['errors']} | {r['credential_seen']} |")
errs = [f"- {r['label']} ({r['concurrency']} workers): first error `{r['first_error']}`" for r in rows if r["errors"]]
levels = sorted({r["concurrency"] for r in rows})
verdicts = []
for c in levels:
    by = {r["label"]: r for r in rows if r["concurrency"] == c}
    v, m = by.get("sigil-vault", {}).get("rps", 0), by.get("mitmproxy", {}).get("rps", 0)
    ratio = v / m if m else 0
    verdicts.append(f"{c} workers: {ratio:.2f}x → {'**met**' if ratio >= 10 else '**not met**'}")
verdict = "; ".join(verdicts)
body = f"""<!-- vault-load:start -->
Run {when}, commit `{commit}`, by `benchmarks/vault-load.sh` (closed loop at {conc.replace(' ', ' and ')} concurrent workers,
{dur} s measured after {warm} s warm-up, GET of a ~40-byte JSON body over HTTPS/1.1, keep-alive on the
agent side). Machine: {cpus} vCPU ({cpu}), {mem} GiB RAM, .NET {dotnet}, mitmproxy {mitm}, squid {squid}.
Load generator, upstream and proxy share the same {cpus} cores.

Load average (`uptime`) before the runs: `{load_during.strip()}`; after them: `{load_after.strip()}`.

{chr(10).join(table)}
{chr(10).join(errs)}

What each path does per request:
- **direct**: client → upstream TLS, no proxy (baseline).
- **squid**: CONNECT tunnel, bytes relayed, TLS end to end with the upstream (no interception).
- **mitmproxy**: TLS interception with its own CA, upstream TLS verified against the test CA, one
  upstream connection kept per client tunnel (no per-request upstream handshake).
- **sigil-vault**: TLS interception with its CA, proxy token, an Ed25519 attestation minted by the
  client for exactly this method + URL and verified by the vault (EdDSA, pin, claims, intent hash),
  its `jti` written to the durable replay store (SQLite, `synchronous=FULL`), the `vault.release`
  audit record fsynced before the credential is fetched, the credential injected and zeroed, a new
  upstream TLS connection per request (the vault does not pool upstream connections yet), the
  response scanned for credential echoes, and a `vault.outcome` record. `audit verify` after the
  run: {"ok" if audit_ok == "yes" else "FAILED"}.
- **sigil-vault-h2**: the same, but the client requires HTTP/2 (ALPN h2): all workers share one tunnel
  as concurrent streams, served by the vault's in-process Kestrel (ADR 0017); upstream still HTTP/1.1.

DESIGN §6 target "vault MITM ≥ 10x mitmproxy's requests/s", sigil-vault / mitmproxy on this run:
{verdict}. The machine may be shared with other work (see the load average), so absolute
numbers are noisy; compare the rows of one level. The vault pays two fsyncs (jti, release record)
and a fresh upstream TLS handshake per request, which mitmproxy does not; mitmproxy is one Python
process, so it gains little from more workers.
<!-- vault-load:end -->"""
text = open(doc).read()
start, end = "<!-- vault-load:start -->", "<!-- vault-load:end -->"
if start in text and end in text:
    text = text[:text.index(start)] + body + text[text.index(end) + len(end):]
else:
    text = text.rstrip() + "\n\n## HTTPS through sigil-vault, mitmproxy and squid\n\n" + body + "\n"
open(doc, "w").write(text)
print("wrote", doc)
PY
