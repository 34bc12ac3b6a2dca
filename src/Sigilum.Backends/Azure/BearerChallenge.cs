using System.Net.Http.Headers;

namespace Sigilum.Backends.Azure;

/// <summary>
/// Key Vault's answer to an unauthenticated call: <c>401</c> with
/// <c>WWW-Authenticate: Bearer authorization="https://login…/{tenant}", resource="https://vault.azure.net"</c>
/// (or <c>scope=</c>). We take the resource (the token audience) from it, after checking it belongs to the
/// vault's own domain, as the Azure SDK does, so a vault URL cannot make us mint tokens for another service.
/// </summary>
internal sealed record BearerChallenge(string Resource, string? Authorization)
{
    public static BearerChallenge? Parse(HttpResponseHeaders headers, Uri vault)
    {
        foreach (var header in headers.WwwAuthenticate)
        {
            if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
            {
                continue;
            }
            var parameters = Parameters(header.Parameter);
            var resource = parameters.GetValueOrDefault("resource")
                ?? (parameters.GetValueOrDefault("scope") is { } scope && scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : null);
            if (resource is null || !Uri.TryCreate(resource, UriKind.Absolute, out var resourceUri))
            {
                return null;
            }
            var vaultHost = vault.Host;
            var resourceHost = resourceUri.Host;
            if (!vaultHost.Equals(resourceHost, StringComparison.OrdinalIgnoreCase)
                && !vaultHost.EndsWith("." + resourceHost, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
            return new BearerChallenge(resource.TrimEnd('/'), parameters.GetValueOrDefault("authorization") ?? parameters.GetValueOrDefault("authorization_uri"));
        }
        return null;
    }

    private static Dictionary<string, string> Parameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                result[part[..equals].Trim()] = part[(equals + 1)..].Trim().Trim('"');
            }
        }
        return result;
    }
}
