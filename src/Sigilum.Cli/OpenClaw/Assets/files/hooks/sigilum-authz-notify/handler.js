// sigilum-authz-notify: written by `sigilum openclaw install --enable-authz-notify`, removed by uninstall.
//
// Tells the owner about agents' pending access requests, with the dashboard link, on gateway:startup (the gateway
// log) and command:new (the log, and the reply to /new in a chat).
//
// Where the pending requests come from (ADR 0037): `$SIGILUM_CLI_PATH claims list --status pending --json`, i.e.
// the operator's own Sigilum login in ~/.sigilum, read by the CLI and never by this hook. No owner token is
// written into openclaw.json or this hook's env, where the agent could read it and approve its own requests; the
// hook only ever sees claim rows (agent, service, key, age), which hold no secret.
//
// Plain dependency-free ESM (node: built-ins only). A hook must never break the agent: failures are logged.

import { execFile } from "node:child_process";

const HOOK_NAME = "sigilum-authz-notify";
const MAX_LISTED = 5;
const CLI_TIMEOUT_MS = 20000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

const ENV_NAMES = ["SIGILUM_NAMESPACE", "SIGILUM_API_URL", "SIGILUM_DASHBOARD_URL", "SIGILUM_CLI_PATH"];

let warnedNoLogin = false;

function text(value) {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}

function warn(message) {
  console.error(`[${HOOK_NAME}] ${message}`);
}

export function settings(event, env = process.env) {
  const entryEnv = event?.context?.cfg?.hooks?.internal?.entries?.[HOOK_NAME]?.env;
  const values = {};
  for (const key of ENV_NAMES) {
    const fromEntry = entryEnv && typeof entryEnv === "object" ? text(entryEnv[key]) : "";
    values[key] = fromEntry || text(env[key]);
  }
  return {
    namespace: values.SIGILUM_NAMESPACE,
    apiUrl: values.SIGILUM_API_URL.replace(/\/+$/, ""),
    dashboardUrl: values.SIGILUM_DASHBOARD_URL.replace(/\/+$/, ""),
    cli: values.SIGILUM_CLI_PATH || "sigilum",
  };
}

// The dashboard's Pending page: SIGILUM_DASHBOARD_URL, else the control plane's /dashboard.
export function pendingPage(config) {
  const base = config.dashboardUrl || (config.apiUrl ? `${config.apiUrl}/dashboard` : "");
  if (!base) return "";
  return /\/pending$/.test(base) ? base : `${base}/pending`;
}

export function age(createdAt, now = Date.now()) {
  const created = Date.parse(text(createdAt));
  if (Number.isNaN(created)) return "";
  const seconds = Math.max(0, Math.floor((now - created) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

// One message for the owner; empty when nothing waits.
export function summary(claims, config, now = Date.now()) {
  const pending = claims.filter((c) => text(c?.status || "pending") === "pending");
  if (pending.length === 0) return "";
  const lines = [`Sigilum: ${pending.length} access request${pending.length === 1 ? "" : "s"} waiting for your approval${config.namespace ? ` in ${config.namespace}` : ""}:`];
  for (const claim of pending.slice(0, MAX_LISTED)) {
    const agent = text(claim.agent_name) || text(claim.agent_id) || "an agent";
    const parts = [`${agent} → ${text(claim.service) || "?"}`];
    if (text(claim.subject)) parts.push(`for ${text(claim.subject)}`);
    if (text(claim.agent_ip)) parts.push(`from ${text(claim.agent_ip)}`);
    const when = age(claim.created_at, now);
    if (when) parts.push(when);
    lines.push(`- ${parts.join(", ")} (claim ${text(claim.claim_id) || "?"})`);
  }
  if (pending.length > MAX_LISTED) lines.push(`- and ${pending.length - MAX_LISTED} more`);
  const page = pendingPage(config);
  lines.push(page ? `Approve or reject them at ${page}` : "Approve or reject them with `sigilum claims approve <claim-id>`.");
  lines.push("(or `sigilum claims list --status pending`, then `sigilum claims approve <claim-id>`)");
  return lines.join("\n");
}

// Runs the operator's CLI; resolves to { claims } or { error } (never rejects).
export function pendingClaims(config, run = execFile) {
  const args = ["claims", "list", "--status", "pending", "--limit", "20", "--json"];
  if (config.namespace) args.push("--namespace", config.namespace);
  if (config.apiUrl) args.push("--api-url", config.apiUrl);
  return new Promise((resolve) => {
    try {
      run(config.cli, args, { timeout: CLI_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true }, (error, stdout, stderr) => {
        if (error) {
          // The CLI's own message (e.g. "not signed in") says what to do; only its first line, no output bodies.
          const firstLine = (value) => text(String(value ?? "").split("\n").find((l) => text(l)));
          const reason = firstLine(stderr) || firstLine(error.message);
          resolve({ error: reason });
          return;
        }
        try {
          const parsed = JSON.parse(String(stdout));
          resolve({ claims: Array.isArray(parsed?.claims) ? parsed.claims : [] });
        } catch {
          resolve({ error: "the CLI's output was not JSON" });
        }
      });
    } catch (error) {
      resolve({ error: error instanceof Error ? error.message : String(error) });
    }
  });
}

export default async function handler(event) {
  try {
    const kind = `${event?.type}:${event?.action}`;
    if (kind !== "gateway:startup" && kind !== "command:new") return;
    const config = settings(event);
    const result = await pendingClaims(config);
    if (result.error) {
      if (!warnedNoLogin) {
        warn(`cannot list pending requests with ${config.cli} (${result.error}); approve them with \`sigilum claims list --status pending\` or at ${pendingPage(config) || "the dashboard"}`);
        warnedNoLogin = true;
      }
      return;
    }
    const message = summary(result.claims, config);
    if (!message) return;
    console.log(`[${HOOK_NAME}] ${message.replaceAll("\n", "\n[" + HOOK_NAME + "] ")}`);
    // Only /new and /reset in a chat deliver pushed messages (as the reply); elsewhere the log line stays.
    if (kind === "command:new" && Array.isArray(event.messages)) event.messages.push(message);
  } catch (error) {
    warn(`${event?.type}:${event?.action} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
