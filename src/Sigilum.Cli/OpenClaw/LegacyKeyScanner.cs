using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// Finds provider credentials OpenClaw's agents can read: <c>env.vars.*</c> and <c>skills.entries.*.apiKey</c> /
/// <c>skills.entries.*.env.*</c> in <c>openclaw.json</c>, and assignments in the state directory's <c>.env</c> and
/// <c>.env.local</c>. Only plain string values that look like a credential count: no references (<c>${VAR}</c>, SecretRef
/// objects), nothing shorter than 8 characters or with spaces, nothing of Sigilum's or OpenClaw's own (<c>SIGILUM_*</c>,
/// <c>OPENCLAW_*</c>, <c>GATEWAY_*</c>).
/// </summary>
internal static class LegacyKeyScanner
{
    private const int MinLength = 8;

    public static IReadOnlyList<LegacyKeyFinding> Scan(OpenClawLocation location, OpenClawConfigFile config, ProviderMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(config);
        map ??= ProviderMap.Defaults();
        var findings = new List<LegacyKeyFinding>();
        if (JsonTree.Get(config.Root, "env", "vars") is JsonObject vars)
        {
            foreach (var (name, node) in vars)
            {
                if (IsCandidate(map, name, node, out var value))
                {
                    findings.Add(new LegacyKeyFinding(map.ProviderForVariable(name.ToUpperInvariant()), name, "config", config.Path, $"env.vars.{name}", ["env", "vars", name], value));
                }
            }
        }
        if (JsonTree.Get(config.Root, "skills", "entries") is JsonObject skills)
        {
            foreach (var (skill, entry) in skills)
            {
                if (skill == OpenClawConfigPatch.Skill || entry is not JsonObject obj)
                {
                    continue;
                }
                if (obj["apiKey"] is JsonValue apiKey && apiKey.TryGetValue<string>(out var key) && LooksLikeSecret(key))
                {
                    findings.Add(new LegacyKeyFinding(map.ProviderForSkill(skill), "apiKey", "config", config.Path, $"skills.entries.{skill}.apiKey", ["skills", "entries", skill, "apiKey"], key));
                }
                if (obj["env"] is JsonObject env)
                {
                    foreach (var (name, node) in env)
                    {
                        if (IsCandidate(map, name, node, out var value))
                        {
                            findings.Add(new LegacyKeyFinding(map.ProviderForVariable(name.ToUpperInvariant()), name, "config", config.Path, $"skills.entries.{skill}.env.{name}", ["skills", "entries", skill, "env", name], value));
                        }
                    }
                }
            }
        }
        foreach (var file in DotEnvFile.Candidates(location))
        {
            foreach (var (name, value, line) in DotEnvFile.Read(file))
            {
                if (IsCandidate(map, name, JsonValue.Create(value), out var secret))
                {
                    findings.Add(new LegacyKeyFinding(map.ProviderForVariable(name.ToUpperInvariant()), name, "dotenv", file, $"{Path.GetFileName(file)}: {name} (line {line})", null, secret));
                }
            }
        }
        return findings;
    }

    private static bool IsCandidate(ProviderMap map, string name, JsonNode? node, out string value)
    {
        value = string.Empty;
        if (name.StartsWith("SIGILUM_", StringComparison.OrdinalIgnoreCase) || name.StartsWith("OPENCLAW_", StringComparison.OrdinalIgnoreCase) ||
            name.StartsWith("GATEWAY_", StringComparison.OrdinalIgnoreCase) || !map.IsCredentialName(name.ToUpperInvariant()))
        {
            return false;
        }
        if (node is not JsonValue json || !json.TryGetValue<string>(out var text) || !LooksLikeSecret(text))
        {
            return false;
        }
        value = text;
        return true;
    }

    private static bool LooksLikeSecret(string value) =>
        value.Length >= MinLength && !value.Any(char.IsWhiteSpace) && !value.Contains("${", StringComparison.Ordinal) && !value.StartsWith('$');
}
