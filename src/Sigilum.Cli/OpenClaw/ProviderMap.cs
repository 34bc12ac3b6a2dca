using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// Which provider a credential found in OpenClaw's config belongs to: the catalogue's own variable names first
/// (<c>credential_fields[].env_var</c>: <c>OPENAI_API_KEY</c> → openai, <c>ANTHROPIC_API_KEY</c> → claude), then the name's
/// stem before <c>_API_KEY</c>/<c>_TOKEN</c>/… with a few aliases (<c>GH_TOKEN</c> → github, <c>GOOGLE_API_KEY</c> → gemini).
/// A stem no catalogue entry matches is still reported, under its own name, but cannot be imported without a template.
/// </summary>
internal sealed partial class ProviderMap
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["anthropic"] = "claude",
        ["google"] = "gemini",
        ["google-ai"] = "gemini",
        ["gh"] = "github",
        ["brave"] = "brave-search",
    };

    private readonly List<ProviderTemplate> _templates;

    public ProviderMap(IEnumerable<ProviderTemplate> templates) => _templates = [.. templates];

    public IReadOnlyList<ProviderTemplate> Templates => _templates;

    /// <summary>The templates of a catalogue document (<c>{services:[…]}</c>, as <c>GET /api/admin/service-catalog</c> returns).</summary>
    public static ProviderMap FromCatalog(JsonNode? catalog)
    {
        var templates = new List<ProviderTemplate>();
        foreach (var entry in catalog?["services"] as JsonArray ?? [])
        {
            if (entry is null || Services.ServiceFields.Text(entry, "key") is not { } key || (Services.ServiceFields.Text(entry, "protocol") ?? "http") != "http")
            {
                continue;
            }
            var env = (entry["credential_fields"] as JsonArray ?? [])
                .Select(f => Services.ServiceFields.Text(f, "env_var")).OfType<string>().ToList();
            templates.Add(new ProviderTemplate(key, Services.ServiceFields.Text(entry, "label") ?? key, entry.DeepClone(), env));
        }
        return new ProviderMap(templates);
    }

    /// <summary>The catalogue the gateway ships with, for scans that do not ask a gateway (status, --dry-run).</summary>
    public static ProviderMap Defaults()
    {
        using var stream = typeof(Sigilum.Gateway.Hosting.GatewayHost).Assembly.GetManifestResourceStream("Sigilum.Gateway.Connections.service-catalog.defaults.json")
            ?? throw new InvalidOperationException("The gateway's default service catalogue is not embedded.");
        return FromCatalog(JsonNode.Parse(stream));
    }

    /// <summary>True for names that hold a credential: <c>…_API_KEY</c>, <c>…_TOKEN</c>, <c>…_SECRET</c>, or a catalogue variable.</summary>
    public bool IsCredentialName(string name) =>
        _templates.Any(t => t.EnvVars.Contains(name, StringComparer.Ordinal)) || CredentialSuffix().IsMatch(name);

    /// <summary>The provider for a variable name, e.g. <c>OPENAI_API_KEY</c> → openai.</summary>
    public string ProviderForVariable(string name)
    {
        if (_templates.FirstOrDefault(t => t.EnvVars.Contains(name, StringComparer.Ordinal)) is { } exact)
        {
            return exact.Key;
        }
        var stem = CredentialSuffix().Replace(name, string.Empty).ToLowerInvariant().Replace('_', '-').Trim('-');
        return Normalize(stem.Length == 0 ? name.ToLowerInvariant() : stem);
    }

    /// <summary>The provider for a skill's <c>apiKey</c>: a catalogue key (or alias) the skill's name contains, else the name.</summary>
    public string ProviderForSkill(string skill)
    {
        var lower = skill.ToLowerInvariant();
        foreach (var key in _templates.Select(t => t.Key).Concat(Aliases.Keys).OrderByDescending(k => k.Length))
        {
            if (lower.Split('-', '_', '.').Contains(key, StringComparer.Ordinal) || lower == key)
            {
                return Normalize(key);
            }
        }
        return Normalize(lower);
    }

    public ProviderTemplate? Template(string provider) => _templates.FirstOrDefault(t => string.Equals(t.Key, provider, StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string stem) => Aliases.TryGetValue(stem, out var alias) ? alias : stem;

    [GeneratedRegex("_(API_?KEY|ACCESS_TOKEN|BOT_TOKEN|AUTH_TOKEN|TOKEN|SECRET_KEY|SECRET|KEY)$", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialSuffix();
}
