using System.Diagnostics.CodeAnalysis;

namespace Sigilum.ControlPlane.Api;

/// <summary>Validation of values people type: slugs, host names, free text.</summary>
internal static class InputRules
{
    public static bool IsSlug([NotNullWhen(true)] string? value) => Protocol.Identity.SigilumNamespace.IsValid(value);

    /// <summary>Trimmed text cut to <paramref name="max"/> characters, or null when blank.</summary>
    public static string? Text(string? value, int max)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed.Length <= max ? trimmed : trimmed[..max];
    }

    /// <summary>Upstream host names (lower-cased, optional :port, optional leading "*." wildcard).</summary>
    public static bool TryHosts(IReadOnlyList<string>? input, out IReadOnlyList<string> hosts, out string error)
    {
        hosts = [];
        error = string.Empty;
        if (input is null)
        {
            return true;
        }
        if (input.Count > 32)
        {
            error = "At most 32 upstream hosts per service.";
            return false;
        }
        var result = new List<string>();
        foreach (var raw in input)
        {
            var host = raw?.Trim().ToLowerInvariant() ?? string.Empty;
            var bare = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (bare.Length is 0 or > 253 || Uri.CheckHostName(bare.Split(':')[0]) == UriHostNameType.Unknown || bare.Contains('/', StringComparison.Ordinal))
            {
                error = $"'{raw}' is not a host name (expected e.g. api.openai.com or *.example.com).";
                return false;
            }
            result.Add(host);
        }
        hosts = result.Distinct(StringComparer.Ordinal).ToList();
        return true;
    }
}
