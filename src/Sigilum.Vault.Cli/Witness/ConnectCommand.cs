using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Identity;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Witness;

namespace Sigilum.Vault.Cli.Witness;

/// <summary>
/// <c>sigil-vault connect</c>: registers the vault's node key as a <c>vault</c> node of a namespace in a control
/// plane with the owner's stored sign-in, and saves the pairing, so <c>start</c> sends every new audit checkpoint
/// to the control plane's witness (issue 6 item 5; docs/audit-witness.md). Idempotent: a key already registered
/// as a vault node of the namespace is reused.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create(VaultCliContext context)
    {
        var apiUrl = new Option<string>("--api-url") { Description = "The control plane, e.g. http://127.0.0.1:8787.", HelpName = "url", Required = true };
        var ns = new Option<string>("--namespace") { Description = "The namespace the vault belongs to (you must be signed in as its owner).", HelpName = "ns", Required = true };
        var name = new Option<string?>("--name") { Description = "Node name shown to the owner [default: sigil-vault].", HelpName = "name" };
        var expectedKey = new Option<string?>("--control-plane-key") { Description = "The control plane's key as its operator reads it (GET /v1/control-plane/key); connect fails unless the control plane presents exactly this key.", HelpName = "base64url" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("connect", apiUrl, ns, name, expectedKey, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            if (!Uri.TryCreate(parseResult.GetValue(apiUrl), UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https") ||
                !string.IsNullOrEmpty(api.UserInfo) || !string.IsNullOrEmpty(api.Query))
            {
                throw new CliException(ExitCodes.Usage, "--api-url must be an absolute http(s) URL without credentials or query.");
            }
            var space = parseResult.GetValue(ns)!.Trim().ToLowerInvariant();
            if (!SigilumNamespace.IsValid(space))
            {
                throw new CliException(ExitCodes.Usage, $"'{space}' is not a valid namespace.");
            }
            if (!File.Exists(paths.NodeKey))
            {
                throw new CliException(ExitCodes.NotFound, $"No vault at {paths.Directory}; run: sigil-vault init");
            }
            string publicKey;
            try
            {
                using var key = NodeKey.Load(paths.NodeKey);
                publicKey = AgentKeys.Format(key.PublicKey);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ExitCodes.InvalidData, ex.Message);
            }
            var sigilumHome = Path.GetDirectoryName(Path.GetFullPath(paths.Directory))!;
            var token = OwnerSignIn.Find(sigilumHome, api, space, context.Environment.Time);
            var baseUri = new Uri(api.AbsoluteUri.TrimEnd('/') + "/");
            using var http = new HttpClient(context.Environment.CreateHttpHandler()) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var (nodeId, registered) = await EnsureNodeAsync(http, space, publicKey, parseResult.GetValue(name) ?? "sigil-vault", cancellationToken);
            // Pin the control plane's key (ADR 0024): witness answers count only when signed with it.
            var keyAnswer = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, "v1/control-plane/key"), cancellationToken);
            var controlPlaneKey = keyAnswer?["public_key"]?.GetValue<string>();
            if (!ControlPlaneKey.TryParse(controlPlaneKey, out var keyBytes))
            {
                throw new CliException(ExitCodes.Network, "The control plane presented no control-plane key (GET /v1/control-plane/key), so its witness answers could not be trusted. Upgrade it.");
            }
            if (parseResult.GetValue(expectedKey) is { Length: > 0 } expected && expected.Trim() != controlPlaneKey)
            {
                throw new CliException(ExitCodes.InvalidData, $"The control plane presented key {controlPlaneKey}, not the --control-plane-key you gave; nothing was saved.");
            }
            var previous = WitnessPairing.Load(paths);
            // Same node again keeps the acknowledged seq (the witness refuses lower ones); a new node starts over.
            var keepSeq = previous is not null && previous.NodeId == nodeId && previous.ApiUrl == OwnerSignIn.Key(api) ? previous.LastSentSeq : 0;
            new WitnessPairing(OwnerSignIn.Key(api), space, nodeId, context.Environment.Time.GetUtcNow(), keepSeq, controlPlaneKey).Save(paths);
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject
                    {
                        ["command"] = "connect", ["api_url"] = api.AbsoluteUri.TrimEnd('/'), ["namespace"] = space, ["node_id"] = nodeId,
                        ["public_key"] = publicKey, ["registered"] = registered,
                        ["control_plane_key"] = controlPlaneKey, ["control_plane_key_fingerprint"] = ControlPlaneKey.Fingerprint(keyBytes),
                    },
                output =>
                {
                    output.Out.WriteLine(registered
                        ? $"Registered this vault as node {nodeId} of {space} at {api.AbsoluteUri.TrimEnd('/')}."
                        : $"This vault is already node {nodeId} of {space} at {api.AbsoluteUri.TrimEnd('/')}; pairing saved.");
                    output.Out.WriteLine($"Pinned the control-plane key {ControlPlaneKey.Fingerprint(keyBytes)}: only witness answers it signs count.");
                    output.Out.WriteLine("sigil-vault start now sends signed audit checkpoints to the control plane's witness.");
                });
        });
    }

    private static async Task<(string NodeId, bool Registered)> EnsureNodeAsync(HttpClient http, string ns, string publicKey, string name, CancellationToken cancellationToken)
    {
        var path = $"v1/namespaces/{Uri.EscapeDataString(ns)}/nodes";
        var listed = await SendAsync(http, new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        foreach (var node in listed?["nodes"]?.AsArray() ?? [])
        {
            if (node?["public_key"]?.GetValue<string>() == publicKey && node["kind"]?.GetValue<string>() == "vault" && node["id"]?.GetValue<string>() is { } id)
            {
                return (id, false);
            }
        }
        var created = await SendAsync(http, new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["kind"] = "vault",
                ["name"] = name,
                ["public_key"] = publicKey,
                ["version"] = typeof(ConnectCommand).Assembly.GetName().Version?.ToString(3),
            }),
        }, cancellationToken);
        return (created?["id"]?.GetValue<string>() ?? throw new CliException(ExitCodes.Network, "The control plane registered the node but returned no id."), true);
    }

    private static async Task<JsonNode?> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw new CliException(ExitCodes.Network, $"Cannot reach the control plane at {http.BaseAddress} ({ex.Message}).");
            }
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                JsonNode? body = null;
                try
                {
                    body = string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                }
                if (response.IsSuccessStatusCode)
                {
                    return body;
                }
                var code = body?["code"]?.GetValue<string>() ?? "(no code)";
                throw response.StatusCode switch
                {
                    HttpStatusCode.Unauthorized => new CliException(ExitCodes.CheckFailed, $"The control plane refused the owner sign-in ({code}); sign in again with: sigilum auth login"),
                    HttpStatusCode.Forbidden or HttpStatusCode.NotFound => new CliException(ExitCodes.CheckFailed, $"The control plane refused: {(int)response.StatusCode} {code} (are you the owner of this namespace?)."),
                    _ => new CliException(ExitCodes.Network, $"The control plane answered {(int)response.StatusCode} {code}."),
                };
            }
        }
    }
}
