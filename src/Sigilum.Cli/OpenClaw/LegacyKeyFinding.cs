namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// A provider credential sitting where OpenClaw's agents can read it. <see cref="Value"/> is the secret: it is sent to the
/// gateway and compared, never printed (output shows <see cref="Length"/> only).
/// </summary>
/// <remarks>
/// Source is <c>config</c> (openclaw.json) or <c>dotenv</c>; Location says where in it (a config key path such as
/// <c>env.vars.OPENAI_API_KEY</c>, or <c>.env: KEY (line N)</c>); JsonPath is the config key path for removal (null for .env files).
/// </remarks>
internal sealed record LegacyKeyFinding(string Provider, string Variable, string Source, string SourcePath, string Location, string[]? JsonPath, string Value)
{
    public int Length => Value.Length;

    /// <summary>Redacted form for records; never includes any character of the value.</summary>
    public override string ToString() => $"{Provider} {Location} ({Length} characters)";
}
