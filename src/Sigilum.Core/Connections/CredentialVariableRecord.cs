namespace Sigilum.Core.Connections;

/// <summary>
/// A shared credential (spec §3.7) that connection secrets reference as <c>{{KEY}}</c>; the value is
/// sealed with associated data <c>credvar:&lt;key&gt;</c>.
/// </summary>
public sealed record CredentialVariableRecord
{
    /// <summary><c>[A-Za-z0-9._-]{2,128}</c>.</summary>
    public required string Key { get; init; }

    public required byte[] SealedValue { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string? CreatedBySubject { get; init; }
}
