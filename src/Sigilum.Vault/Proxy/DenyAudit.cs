using Sigilum.Core.Audit;
using Sigilum.Protocol.Audit;
using Sigilum.Vault.Audit;

namespace Sigilum.Vault.Proxy;

/// <summary>Records a refusal (not fsynced on its own: nothing was released). A failing log cannot make a refusal worse.</summary>
internal static class DenyAudit
{
    public static async Task RecordAsync(
        AuditLog audit, string agentId, string method, string host, string? path, string code, int status = 403, AuditField extra = default, AuditField extra2 = default)
    {
        try
        {
            await VaultAuditRecords.AppendDenyAsync(audit, agentId, method, host, path, code, status, extra, extra2);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or ArgumentException)
        {
        }
    }
}
