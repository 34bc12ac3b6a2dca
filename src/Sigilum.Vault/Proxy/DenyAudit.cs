using System.Text.Json.Nodes;
using Sigilum.Core.Audit;

namespace Sigilum.Vault.Proxy;

/// <summary>Records a refusal (not fsynced on its own: nothing was released). A failing log cannot make a refusal worse.</summary>
internal static class DenyAudit
{
    public static async Task RecordAsync(AuditLog audit, string agentId, string method, string host, string? path, string code, JsonObject? extra = null, int status = 403)
    {
        var fields = new JsonObject
        {
            ["agent"] = agentId,
            ["method"] = Truncate(method),
            ["host"] = Truncate(host),
            ["path"] = Truncate(path),
            ["status"] = status,
            ["code"] = code,
        };
        foreach (var (name, value) in extra ?? [])
        {
            fields[name] = value?.DeepClone();
        }
        try
        {
            await audit.AppendAsync(Audit.VaultAuditTypes.Deny, fields, durable: false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or ArgumentException)
        {
        }
    }

    /// <summary>Audit fields carry at most 256 characters of anything the agent chose.</summary>
    public static string? Truncate(string? value) => value is null ? null : value.Length <= 256 ? value : value[..256];
}
