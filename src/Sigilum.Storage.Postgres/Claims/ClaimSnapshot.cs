using System.Text.Json;
using System.Text.Json.Serialization;
using Sigilum.Core.Claims;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>
/// The claim as it was after a change, stored in the change feed as JSON so a reader gets that state
/// even after the claim has changed again.
/// </summary>
internal static class ClaimSnapshot
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Serialize(ClaimRecord claim) => JsonSerializer.Serialize(claim, Options);

    public static ClaimRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<ClaimRecord>(json, Options) ?? throw new InvalidDataException("A change feed entry holds JSON null.");
}
