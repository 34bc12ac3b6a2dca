using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Services;

/// <summary>
/// The steps of <c>service add</c> and their undo: control-plane service → its API key → gateway connection →
/// service key stored in the gateway. When a step fails, the steps already done are undone in reverse (deleting
/// the control-plane service also revokes its key) and the error says what was undone, or what is left to remove.
/// </summary>
internal sealed class ServiceSetup(OwnerSession owner, GatewayAdminClient gateway)
{
    public sealed record Result(JsonNode? Service, JsonNode? Connection, JsonObject ServiceKey);

    public async Task<Result> RunAsync(ConnectionSpec spec, string? description, Uri upstream, IReadOnlyList<SecretValue> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(secrets);
        var servicePath = owner.NamespacePath + "/services";
        var serviceBody = new JsonObject
        {
            ["slug"] = spec.Id,
            ["name"] = spec.Name,
            ["upstream_hosts"] = new JsonArray(upstream.IsDefaultPort ? upstream.Host : $"{upstream.Host}:{upstream.Port}"),
        };
        if (description is not null)
        {
            serviceBody["description"] = description;
        }
        var service = await owner.Client.SendAsync(HttpMethod.Post, servicePath, serviceBody, cancellationToken);
        var undo = new List<(string What, Func<Task> Action)>
        {
            ($"the control-plane service {spec.Id}", () => owner.Client.SendAsync(HttpMethod.Delete, servicePath + "/" + ApiClient.Segment(spec.Id), null, CancellationToken.None)),
        };
        try
        {
            var created = await owner.Client.SendAsync(HttpMethod.Post, servicePath + "/" + ApiClient.Segment(spec.Id) + "/keys", new JsonObject { ["name"] = "gateway" }, cancellationToken);
            var keyText = ServiceFields.Text(created, "key") ?? throw new CliException(ExitCodes.Internal, "The control plane returned no service key.");
            // The raw key is a secret: keep only its id and prefix for output.
            var serviceKey = new JsonObject { ["id"] = ServiceFields.Text(created, "id"), ["key_prefix"] = ServiceFields.Text(created, "key_prefix"), ["stored"] = false };
            var keyBytes = Encoding.UTF8.GetBytes(keyText);
            try
            {
                var connection = await CreateConnectionAsync(spec, secrets, cancellationToken);
                undo.Add(($"the gateway connection {spec.Id}", () => gateway.SendAsync(HttpMethod.Delete, "/connections/" + ApiClient.Segment(spec.Id), null, CancellationToken.None)));
                using (var body = SecretBody.Create(keyBytes.Length, w => w.WriteString("key", keyBytes)))
                {
                    var stored = await gateway.TrySendAsync(HttpMethod.Put, "/service-api-keys/" + ApiClient.Segment(spec.Id), body.Bytes, cancellationToken);
                    if (!stored.IsSuccess)
                    {
                        throw gateway.ToException(stored);
                    }
                }
                serviceKey["stored"] = true;
                return new Result(service, connection, serviceKey);
            }
            finally
            {
                Array.Clear(keyBytes);
            }
        }
        catch (CliException ex)
        {
            throw new CliException(ex.ExitCode, ex.Message.TrimEnd('.') + ". " + await UndoAsync(undo));
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C between steps must not leave half a service behind either.
            throw new CliException(130, "Cancelled. " + await UndoAsync(undo));
        }
    }

    private async Task<JsonNode?> CreateConnectionAsync(ConnectionSpec spec, IReadOnlyList<SecretValue> secrets, CancellationToken cancellationToken)
    {
        using var body = SecretBody.Create(secrets.Sum(s => s.Value.Length), w =>
        {
            w.WriteString("id", spec.Id);
            w.WriteString("name", spec.Name);
            w.WriteString("protocol", spec.Protocol);
            w.WriteString("base_url", spec.BaseUrl);
            w.WriteString("auth_mode", spec.AuthMode);
            WriteOptional(w, "auth_header_name", spec.AuthHeaderName);
            WriteOptional(w, "auth_prefix", spec.AuthPrefix);
            WriteOptional(w, "path_prefix", spec.PathPrefix);
            WriteOptional(w, "auth_secret_key", spec.AuthSecretKey);
            if (spec.RotationIntervalDays is { } days)
            {
                w.WriteNumber("rotation_interval_days", days);
            }
            if (spec.HoldSeconds is { } hold)
            {
                w.WriteNumber("hold_seconds", hold);
            }
            if (spec.Mcp is { } mcp)
            {
                WriteMcp(w, mcp);
            }
            if (secrets.Count > 0)
            {
                SecretBody.WriteSecrets(w, "secrets", secrets);
            }
        });
        var response = await gateway.TrySendAsync(HttpMethod.Post, "/connections", body.Bytes, cancellationToken);
        return response.IsSuccess ? response.Body : throw gateway.ToException(response);
    }

    /// <summary>The create input's MCP members (spec §3.7); the tool lists only when given, so the gateway's defaults apply.</summary>
    private static void WriteMcp(System.Text.Json.Utf8JsonWriter w, McpSpec mcp)
    {
        WriteOptional(w, "mcp_endpoint", mcp.Endpoint);
        WriteOptional(w, "mcp_transport", mcp.Transport);
        WriteNames(w, "mcp_tool_allowlist", mcp.Allowlist);
        WriteNames(w, "mcp_tool_denylist", mcp.Denylist);
        if (mcp.MaxToolsExposed is { } max and > 0)
        {
            w.WriteNumber("mcp_max_tools_exposed", max);
        }
    }

    private static void WriteNames(System.Text.Json.Utf8JsonWriter w, string name, IReadOnlyList<string> names)
    {
        if (names.Count == 0)
        {
            return;
        }
        w.WriteStartArray(name);
        foreach (var n in names)
        {
            w.WriteStringValue(n);
        }
        w.WriteEndArray();
    }

    private static void WriteOptional(System.Text.Json.Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static async Task<string> UndoAsync(List<(string What, Func<Task> Action)> undo)
    {
        var done = new List<string>();
        var left = new List<string>();
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            try
            {
                await undo[i].Action();
                done.Add(undo[i].What);
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.NotFound)
            {
                done.Add(undo[i].What);
            }
            catch (CliException ex)
            {
                left.Add($"{undo[i].What} ({ex.Message.TrimEnd('.')})");
            }
        }
        var text = done.Count > 0 ? "Undone: removed " + string.Join(" and ", done) + "." : string.Empty;
        if (left.Count > 0)
        {
            text += (text.Length > 0 ? " " : string.Empty) + "Could not remove " + string.Join(" and ", left) + "; remove it with: sigilum service delete --yes <id>.";
        }
        return text;
    }
}
