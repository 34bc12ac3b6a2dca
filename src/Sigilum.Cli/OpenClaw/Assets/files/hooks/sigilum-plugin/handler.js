// sigilum-plugin: written by `sigilum openclaw install`, removed by `sigilum openclaw uninstall`.
//
// What it does, per OpenClaw event (docs/openclaw.md, "What the hooks do"; ADR 0037):
//   agent:bootstrap  adds SIGILUM.md to the agent's bootstrap files (sub-agents: appended to AGENTS.md) with the
//                    gateway-first policy, the gateway's active connections and how to run the signed helper;
//                    makes sure the agent has its own key pair.
//   message:received records who wrote (a subject hint) in <state>/.sigilum/subject-hints.json.
//   gateway:startup, command:new   make sure every agent the config names has a key pair; announce new ones.
//
// Plain dependency-free ESM (node: built-ins only): OpenClaw loads it as is. Every value comes from the
// environment the installer writes (hook entry env first, then env.vars which OpenClaw puts in process.env).
// A hook must never break the agent: every failure is logged and the handler returns normally.

import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const HOOK_NAME = "sigilum-plugin";
const BOOTSTRAP_NAME = "SIGILUM.md";
const MAX_RECENT_HINTS = 200;
const CONNECTIONS_TIMEOUT_MS = 3000;
const CONNECTIONS_CACHE_MS = 30000;
const MAX_HINT_FIELD = 256;

// The env names this hook reads; anything else in the entry's env is ignored.
const ENV_NAMES = [
  "SIGILUM_MODE",
  "SIGILUM_NAMESPACE",
  "SIGILUM_GATEWAY_URL",
  "SIGILUM_API_URL",
  "SIGILUM_DASHBOARD_URL",
  "SIGILUM_KEY_ROOT",
  "SIGILUM_CLI_PATH",
  "SIGILUM_AUTO_BOOTSTRAP_AGENTS",
];

function log(message) {
  console.log(`[${HOOK_NAME}] ${message}`);
}

function warn(message, error) {
  const detail = error instanceof Error ? error.message : error === undefined ? "" : String(error);
  console.error(`[${HOOK_NAME}] ${message}${detail ? `: ${detail}` : ""}`);
}

function text(value) {
  return typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "";
}

// OpenClaw's state directory, resolved as OpenClaw resolves it.
export function stateDir(env = process.env) {
  if (text(env.OPENCLAW_STATE_DIR)) return path.resolve(text(env.OPENCLAW_STATE_DIR));
  const home = text(env.OPENCLAW_HOME) || text(env.HOME) || os.homedir();
  return path.join(home, ".openclaw");
}

// Hook entry env (event.context.cfg.hooks.internal.entries[name].env) wins; OpenClaw does not copy it into
// process.env. Events without cfg (message:received) fall back to env.vars, which are in process.env.
export function settings(event, name = HOOK_NAME, env = process.env) {
  const entryEnv = event?.context?.cfg?.hooks?.internal?.entries?.[name]?.env;
  const values = {};
  for (const key of ENV_NAMES) {
    const fromEntry = entryEnv && typeof entryEnv === "object" ? text(entryEnv[key]) : "";
    values[key] = fromEntry || text(env[key]);
  }
  const state = stateDir(env);
  return {
    mode: values.SIGILUM_MODE || "managed",
    namespace: values.SIGILUM_NAMESPACE,
    gatewayUrl: (values.SIGILUM_GATEWAY_URL || "http://127.0.0.1:38100").replace(/\/+$/, ""),
    apiUrl: values.SIGILUM_API_URL.replace(/\/+$/, ""),
    dashboardUrl: values.SIGILUM_DASHBOARD_URL.replace(/\/+$/, ""),
    keyRoot: values.SIGILUM_KEY_ROOT ? path.resolve(values.SIGILUM_KEY_ROOT) : path.join(state, ".sigilum", "keys"),
    autoBootstrap: !/^(false|0|no|off)$/i.test(values.SIGILUM_AUTO_BOOTSTRAP_AGENTS),
    stateDir: state,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Agent key pairs: exactly Sigilum.Sdk.Identity.AgentKeyDirectory's layout, so the C# helper signs with them.
//   <root>/<agent>/<fp>.key  Base64 of the 32-byte Ed25519 seed + "\n", 0600
//   <root>/<agent>/<fp>.pub  Base64 of the 32-byte raw public key + "\n", 0644
//   fp = first 16 hex digits of SHA-256(public key); <root> and <agent> folders 0700.
// ---------------------------------------------------------------------------------------------------------

// Same rule as AgentKeyDirectory.SanitizeAgentId (per UTF-16 unit, like C#'s char loop).
export function sanitizeAgentId(agentId) {
  const trimmed = text(agentId);
  if (!trimmed) throw new Error("agent id is empty");
  let name = "";
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed[i];
    name += /[A-Za-z0-9._-]/.test(c) ? c : "_";
  }
  // "." and ".." would name the root or its parent.
  return name.replace(/^\.+|\.+$/g, "").length === 0 ? name.replaceAll(".", "_") : name;
}

function ensurePrivateDirectory(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a directory`);
  if ((stat.mode & 0o777) !== 0o700) fs.chmodSync(dir, 0o700);
}

// The first *.key (ordinal name order) with its .pub beside it, as AgentKeyDirectory picks it.
function findKeyFile(folder) {
  let names;
  try {
    names = fs.readdirSync(folder);
  } catch {
    return null;
  }
  const keys = names.filter((n) => n.endsWith(".key")).sort();
  for (const name of keys) {
    const pub = name.slice(0, -4) + ".pub";
    if (names.includes(pub)) return { key: path.join(folder, name), pub: path.join(folder, pub), fingerprint: name.slice(0, -4) };
  }
  return null;
}

// Writes a new file without ever replacing one: a temp file in the same folder, linked into place
// (link fails when the name exists), so a reader never sees a half-written key.
function writeNewFile(file, content, mode) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = fs.openSync(temp, "wx", mode);
  try {
    fs.writeFileSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.chmodSync(temp, mode);
    fs.linkSync(temp, file);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export function ensureAgentKey(root, agentId) {
  const agent = sanitizeAgentId(agentId);
  const folder = path.join(root, agent);
  ensurePrivateDirectory(root);
  ensurePrivateDirectory(folder);
  const existing = findKeyFile(folder);
  if (existing) return { agent, fingerprint: existing.fingerprint, folder, created: false };

  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const seed = Buffer.from(privateKey.export({ format: "jwk" }).d, "base64url");
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  const fingerprint = createHash("sha256").update(pub).digest("hex").slice(0, 16);
  const seedText = Buffer.from(seed.toString("base64") + "\n", "ascii");
  try {
    // The private half first: a .key without its .pub is never picked up.
    writeNewFile(path.join(folder, `${fingerprint}.key`), seedText, 0o600);
  } finally {
    seed.fill(0);
    seedText.fill(0);
  }
  writeNewFile(path.join(folder, `${fingerprint}.pub`), pub.toString("base64") + "\n", 0o644);
  return { agent, fingerprint, folder, created: true };
}

function addAgentIds(ids, list) {
  if (!Array.isArray(list)) return;
  for (const id of list) {
    // "*" in allowAgents means "any agent", not an agent called "*".
    if (text(id) && text(id) !== "*") ids.add(text(id));
  }
}

// Every agent the config names: agents.entries (today), agents.list / agents.defaults.id (older configs,
// read tolerantly), sub-agents allowed anywhere, OpenClaw's default agent "main", and the event's own agent.
export function configuredAgentIds(cfg, extra = []) {
  const ids = new Set(["main"]);
  const agents = cfg?.agents;
  if (agents && typeof agents === "object") {
    if (agents.entries && typeof agents.entries === "object") {
      for (const [id, entry] of Object.entries(agents.entries)) {
        if (text(id)) ids.add(text(id));
        addAgentIds(ids, entry?.subagents?.allowAgents);
      }
    }
    if (Array.isArray(agents.list)) {
      for (const entry of agents.list) {
        if (text(entry?.id)) ids.add(text(entry.id));
        addAgentIds(ids, entry?.subagents?.allowAgents);
      }
    }
    if (text(agents.defaults?.id)) ids.add(text(agents.defaults.id));
    addAgentIds(ids, agents.defaults?.subagents?.allowAgents);
  }
  for (const id of extra) if (text(id)) ids.add(text(id));
  return [...ids];
}

export function ensureAgentKeys(keyRoot, agentIds) {
  const created = [];
  for (const id of agentIds) {
    try {
      const result = ensureAgentKey(keyRoot, id);
      if (result.created) created.push(result);
    } catch (error) {
      warn(`could not create a key pair for agent ${JSON.stringify(id)}`, error);
    }
  }
  return created;
}

function announce(created, namespace) {
  return created.map((k) => `New Sigilum key for agent ${k.agent} (fingerprint ${k.fingerprint}, namespace ${namespace || "<unset>"}); its first gateway call files an access request for the owner to approve.`);
}

// ---------------------------------------------------------------------------------------------------------
// Subject hints: who wrote to which session, so the helper can name the human behind a request.
// ---------------------------------------------------------------------------------------------------------

export function agentFromSessionKey(sessionKey) {
  const match = /^agent:([^:]+):/.exec(text(sessionKey));
  return match ? match[1] : "";
}

function clip(value) {
  const v = text(value);
  return v.length > MAX_HINT_FIELD ? v.slice(0, MAX_HINT_FIELD) : v;
}

export function hintFromMessage(event, now = new Date()) {
  const context = event?.context ?? {};
  const metadata = context.metadata && typeof context.metadata === "object" ? context.metadata : {};
  const from = clip(context.from);
  const senderId = clip(metadata.senderId ?? context.senderId);
  const e164Candidate = clip(metadata.senderE164 ?? context.senderE164) || from;
  const senderE164 = /^\+[1-9][0-9]{6,14}$/.test(e164Candidate) ? e164Candidate : "";
  const record = {
    agent_id: clip(agentFromSessionKey(event?.sessionKey) || context.agentId),
    channel: clip(context.channelId ?? metadata.provider ?? metadata.surface),
    from,
    sender_id: senderId,
    sender_e164: senderE164,
    subject: senderE164 || senderId || from,
    at: now.toISOString(),
  };
  for (const key of Object.keys(record)) if (!record[key]) delete record[key];
  return record;
}

function readJson(file) {
  try {
    const value = JSON.parse(fs.readFileSync(file, "utf8"));
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

// Temp file (0600 from its first byte) + rename: readers see the old or the new file, never half of one.
function writePrivateAtomically(file, content) {
  ensurePrivateDirectory(path.dirname(file));
  const temp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const fd = fs.openSync(temp, "wx", 0o600);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

export function recordSubjectHint(file, sessionKey, record, now = new Date()) {
  const store = readJson(file) ?? {};
  const bySession = store.by_session && typeof store.by_session === "object" && !Array.isArray(store.by_session) ? store.by_session : {};
  const byAgent = store.by_agent && typeof store.by_agent === "object" && !Array.isArray(store.by_agent) ? store.by_agent : {};
  const recent = Array.isArray(store.recent) ? store.recent : [];
  if (text(sessionKey)) bySession[text(sessionKey)] = record;
  if (record.agent_id) byAgent[record.agent_id] = record;
  // Oldest first; the newest 200 are kept.
  recent.push(record);
  const next = {
    updated_at: now.toISOString(),
    by_session: bySession,
    by_agent: byAgent,
    recent: recent.slice(-MAX_RECENT_HINTS),
  };
  writePrivateAtomically(file, JSON.stringify(next, null, 2) + "\n");
  return next;
}

// ---------------------------------------------------------------------------------------------------------
// The gateway-first policy (SIGILUM.md).
// ---------------------------------------------------------------------------------------------------------

let connectionsCache = { url: "", at: 0, result: null };

// GET /api/admin/connections is the gateway's one loopback-readable listing: no admin token, no secrets
// (ids, names, protocol, status). A remote gateway (or token-only admin mode) refuses it; then the policy
// says so and the agent checks a connection by name with the signed helper instead.
export async function listConnections(gatewayUrl, now = Date.now()) {
  if (connectionsCache.url === gatewayUrl && connectionsCache.result && now - connectionsCache.at < CONNECTIONS_CACHE_MS) {
    return connectionsCache.result;
  }
  let result;
  try {
    const response = await fetch(`${gatewayUrl}/api/admin/connections`, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(CONNECTIONS_TIMEOUT_MS),
    });
    if (!response.ok) {
      result = { ok: false, reason: `the gateway answered HTTP ${response.status} to the connection list` };
    } else {
      const body = await response.json();
      const list = Array.isArray(body?.connections) ? body.connections : [];
      const active = list
        .filter((c) => text(c?.id) && (!text(c?.status) || text(c.status).toLowerCase() === "active"))
        .map((c) => ({ id: text(c.id), name: text(c.name), protocol: text(c.protocol).toLowerCase() || "http" }))
        .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      result = { ok: true, connections: active };
    }
  } catch (error) {
    result = { ok: false, reason: `the gateway could not be reached (${error instanceof Error ? error.name : "error"})` };
  }
  connectionsCache = { url: gatewayUrl, at: now, result };
  return result;
}

export function policyText(config, connections, skillDir, created = []) {
  const helper = `${skillDir}/bin/sigilum-agent`;
  const lines = [
    "# Sigilum: reach providers through the gateway",
    "",
    `Provider APIs are reached through the Sigilum gateway at ${config.gatewayUrl} (namespace ${config.namespace || "<unset>"}).`,
    "You never hold provider API keys: the gateway injects them after the owner approved this agent's own key.",
    "",
    "## Connections",
  ];
  if (connections.ok && connections.connections.length > 0) {
    lines.push("Active connections on the gateway (connection id: name, protocol):");
    for (const c of connections.connections) lines.push(`- ${c.id}: ${c.name || c.id}, ${c.protocol}`);
  } else if (connections.ok) {
    lines.push("The gateway has no active connections yet. The owner adds one with `sigilum service add`.");
  } else {
    lines.push(
      `The connection list is not available here (${connections.reason}).`,
      "Check a provider by its connection id (usually the provider's name, e.g. `openai`) with the signed `tools` command below.",
    );
  }
  lines.push(
    "",
    "## The signed helper",
    "Every call is signed with this agent's own key; run it with the exec tool:",
    `- \`${helper} tools <connection>\`: is this connection usable by me, and what does it offer?`,
    `- \`${helper} proxy <connection> <METHOD> <path> [json-body]\`: an HTTP call to the provider, e.g. \`${helper} proxy openai GET /v1/models\`.`,
    `- \`${helper} call <connection> <tool> [json-args]\`: one tool of an MCP connection.`,
    "",
    "Read the whole output. The first line is `HTTP_STATUS=<code>`, then the provider's answer:",
    "- `HTTP_STATUS=200` (any 2xx): you have access; use the answer.",
    "- `HTTP_STATUS=401` or `403` with `APPROVAL_REQUIRED=true`: your key is not approved (new, revoked or expired). Tell the owner, quoting `APPROVAL_AGENT_ID`, `APPROVAL_SERVICE`, `APPROVAL_PUBLIC_KEY`, `APPROVAL_NAMESPACE` and `APPROVAL_MESSAGE`, and ask them to approve it (`sigilum claims list --status pending`, then `sigilum claims approve <claim-id>`, or the dashboard's Pending page); retry after they say it is done.",
    "- `HTTP_STATUS=404`: the connection does not exist; ask the owner to add it.",
    "- anything else: a gateway or provider problem; report the status and the message as printed.",
    "",
    "## Rules",
    "- Never say you have no access to a provider before a signed `tools` (or `proxy`) check answered 401/403/404.",
    "- Never ask for, store or print a provider API key; the gateway path is the only path.",
    "- Do not use the gateway's `/api/admin/*` routes to decide what you may use: only a signed call tells.",
  );
  if (created.length > 0) lines.push("", "## New keys", ...announce(created, config.namespace).map((l) => `- ${l}`));
  return lines.join("\n") + "\n";
}

// The skill's folder: managed skills live in <state>/skills/sigilum (OpenClaw's {baseDir} for the skill).
function skillDirectory(config) {
  return path.join(config.stateDir, "skills", "sigilum");
}

// OpenClaw keeps only AGENTS.md of the bootstrap files for sub-agent sessions (agent:<id>:subagent:…) and only
// AGENTS/SOUL/IDENTITY/USER.md for cron runs (agent:<id>:cron:…): a SIGILUM.md would be dropped there.
export function keepsOnlyAgentsFile(sessionKey) {
  const key = text(sessionKey).toLowerCase();
  const rest = /^agent:[^:]+:(.*)$/.exec(key)?.[1] ?? key;
  return rest.startsWith("subagent:") || rest.startsWith("cron:");
}

async function onBootstrap(event, config) {
  const context = event.context ?? {};
  const files = context.bootstrapFiles;
  let created = [];
  if (config.autoBootstrap) {
    const agentId = text(context.agentId) || agentFromSessionKey(event.sessionKey || context.sessionKey);
    created = ensureAgentKeys(config.keyRoot, agentId ? [agentId] : []);
  }
  if (!Array.isArray(files)) return;
  const connections = await listConnections(config.gatewayUrl);
  const content = policyText(config, connections, skillDirectory(config), created);
  if (files.some((f) => f?.name === BOOTSTRAP_NAME)) return;
  // Sub-agent and cron sessions drop other files: the policy rides on AGENTS.md there.
  const agentsFile = files.find((f) => f?.name === "AGENTS.md");
  if (keepsOnlyAgentsFile(event.sessionKey || context.sessionKey) && agentsFile) {
    if (!String(agentsFile.content ?? "").includes("# Sigilum: reach providers through the gateway")) {
      agentsFile.content = `${agentsFile.content ?? ""}\n\n${content}`;
      agentsFile.missing = false;
    }
    return;
  }
  const workspace = text(context.workspaceDir) || process.cwd();
  files.push({ name: BOOTSTRAP_NAME, path: path.join(workspace, BOOTSTRAP_NAME), content, missing: false });
}

function onMessage(event, config) {
  const record = hintFromMessage(event);
  if (!record.subject && !record.agent_id) return;
  recordSubjectHint(path.join(config.stateDir, ".sigilum", "subject-hints.json"), event.sessionKey, record);
}

function onLifecycle(event, config) {
  if (!config.autoBootstrap) return;
  const created = ensureAgentKeys(config.keyRoot, configuredAgentIds(event.context?.cfg, [agentFromSessionKey(event.sessionKey)]));
  for (const line of announce(created, config.namespace)) {
    log(line);
    // On /new a pushed message becomes a chat reply; on startup OpenClaw ignores it (the log line stays).
    if (Array.isArray(event.messages) && event.type === "command") event.messages.push(`Sigilum: ${line}`);
  }
}

export default async function handler(event) {
  try {
    const config = settings(event);
    const kind = `${event?.type}:${event?.action}`;
    if (kind === "message:received") onMessage(event, config);
    else if (kind === "agent:bootstrap") await onBootstrap(event, config);
    else if (kind === "gateway:startup" || kind === "command:new") onLifecycle(event, config);
  } catch (error) {
    warn(`${event?.type}:${event?.action} failed`, error);
  }
}
