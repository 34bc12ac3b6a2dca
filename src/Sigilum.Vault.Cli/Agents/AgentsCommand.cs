using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Agents;

/// <summary><c>sigil-vault agents create|list|revoke</c> (alias <c>agent register</c>): who may use the proxy.</summary>
internal static class AgentsCommand
{
    public const string TokenPrefix = "svt_";

    internal static JsonObject ToJson(VaultAgent a) => new()
    {
        ["id"] = a.Id,
        ["name"] = a.Name,
        ["status"] = a.IsActive ? "active" : "revoked",
        ["createdAt"] = Format(a.CreatedAt),
        ["revokedAt"] = a.RevokedAt is { } r ? Format(r) : null,
    };

    internal static string Format(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);
}
