using System.Text.RegularExpressions;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Identity;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The field rules of spec §3.7, each returning an error value (never throwing) and the normalised value.
/// Stricter than Sigilum where a loose value would be unsafe: ids and header names are restricted to
/// characters that cannot break a URL path, an associated-data binding or a header line.
/// </summary>
internal static partial class ConnectionValidation
{
    public const int MaxNameLength = 200;
    public const int MaxRotationIntervalDays = 3650;

    /// <summary>The longest hold a connection may allow (ADR 0055): an agent's HTTP client rarely waits longer, and a held
    /// request keeps a connection and a slot.</summary>
    public const int MaxHoldSeconds = 300;
    public const int MaxVariableValueBytes = 16 * 1024;
    public const int MaxSecretValueBytes = 16 * 1024;
    public const int MaxSubjectLength = 256;

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "TE", "Trailer", "Keep-Alive",
    };

    /// <summary>Lower-case slug, 1-128 characters, alphanumeric at both ends (it appears in <c>/proxy/{id}/…</c>).</summary>
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9._-]{0,126}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SecretKeyPattern();

    /// <summary>Credential variable keys (spec §3.7).</summary>
    [GeneratedRegex("^[A-Za-z0-9._-]{2,128}$", RegexOptions.CultureInvariant)]
    public static partial Regex VariableKeyPattern();

    /// <summary>RFC 9110 token.</summary>
    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderNamePattern();

    [GeneratedRegex("^[A-Za-z0-9._~-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueryNamePattern();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Sigilum's slugify (<see cref="Slug"/>), cut to the 128 characters a connection id may have.</summary>
    public static string Slugify(string name) => Slug.Of(name, 128);

    /// <summary>The id as given, else the slug of the name; the name defaults to the id.</summary>
    public static GatewayError? IdAndName(string? givenId, string? givenName, out string id, out string name)
    {
        name = givenName?.Trim() ?? "";
        id = givenId?.Trim() ?? "";
        if (id.Length == 0)
        {
            if (name.Length == 0)
            {
                return ConnectionErrors.Invalid("name is required");
            }
            id = Slugify(name);
        }
        if (!IsValidId(id))
        {
            return ConnectionErrors.Invalid("id must be 1-128 characters of a-z, 0-9, '.', '_' or '-', starting and ending with a letter or digit");
        }
        if (name.Length == 0)
        {
            name = id;
        }
        return Name(name);
    }

    public static GatewayError? Name(string name) =>
        name.Length > MaxNameLength || name.Any(char.IsControl)
            ? ConnectionErrors.Invalid($"name must be at most {MaxNameLength} characters without control characters")
            : null;

    /// <summary>Required, absolute http(s), no credentials, query or fragment; trailing slashes trimmed.</summary>
    public static GatewayError? BaseUrl(string? value, out string normalised)
    {
        normalised = "";
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return ConnectionErrors.Invalid("base_url is required");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            return ConnectionErrors.Invalid("base_url must be an absolute http or https URL");
        }
        // Credentials in the URL would end up in logs; a query or fragment has no place in a base.
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            return ConnectionErrors.Invalid("base_url must not contain user info, a query or a fragment");
        }
        normalised = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return null;
    }

    /// <summary>Empty, or a leading <c>/</c> and no trailing <c>/</c>; no query, fragment, dot segments or whitespace.</summary>
    public static GatewayError? PathPrefix(string? value, out string normalised)
    {
        normalised = "";
        var text = value?.Trim().Trim('/') ?? "";
        if (text.Length == 0)
        {
            return null;
        }
        if (text.Any(c => c is '?' or '#' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c)) ||
            text.Split('/').Any(segment => segment is "." or ".." or ""))
        {
            return ConnectionErrors.Invalid("path_prefix must be a plain path such as /v1");
        }
        normalised = "/" + text;
        return null;
    }

    public static GatewayError? AuthMode(string? value, out string mode)
    {
        mode = string.IsNullOrWhiteSpace(value) ? ConnectionValues.AuthBearer : value.Trim().ToLowerInvariant();
        return mode is ConnectionValues.AuthBearer or ConnectionValues.AuthHeaderKey or ConnectionValues.AuthQueryParam
            ? null
            : ConnectionErrors.Invalid("auth_mode must be bearer, header_key or query_param");
    }

    /// <summary><c>Authorization</c>, or <c>api_key</c> for query_param (spec §3.7).</summary>
    public static string DefaultHeaderName(string mode) => mode == ConnectionValues.AuthQueryParam ? "api_key" : "Authorization";

    /// <summary><c>Bearer </c> for bearer, empty otherwise.</summary>
    public static string DefaultPrefix(string mode) => mode == ConnectionValues.AuthBearer ? "Bearer " : "";

    public static GatewayError? HeaderName(string name, string mode)
    {
        if (mode == ConnectionValues.AuthQueryParam)
        {
            return QueryNamePattern().IsMatch(name) ? null : ConnectionErrors.Invalid("auth_header_name must be a query parameter name of letters, digits, '.', '_', '~' or '-'");
        }
        if (!HeaderNamePattern().IsMatch(name))
        {
            return ConnectionErrors.Invalid("auth_header_name must be an HTTP header name");
        }
        return ReservedHeaders.Contains(name) ? ConnectionErrors.Invalid($"auth_header_name \"{name}\" cannot carry a credential") : null;
    }

    public static GatewayError? Prefix(string prefix) =>
        prefix.Length > 64 || prefix.Any(c => char.IsControl(c) || c > 0x7E)
            ? ConnectionErrors.Invalid("auth_prefix must be at most 64 printable ASCII characters")
            : null;

    public static GatewayError? Status(string? value, out string status)
    {
        status = string.IsNullOrWhiteSpace(value) ? ConnectionValues.StatusActive : value.Trim().ToLowerInvariant();
        return status is ConnectionValues.StatusActive or ConnectionValues.StatusDisabled
            ? null
            : ConnectionErrors.Invalid("status must be active or disabled");
    }

    public static GatewayError? RotationInterval(int? days) =>
        days is < 0 or > MaxRotationIntervalDays
            ? ConnectionErrors.Invalid($"rotation_interval_days must be 0-{MaxRotationIntervalDays}")
            : null;

    /// <summary><c>hold_seconds</c>: 0 (off) up to <see cref="MaxHoldSeconds"/> (ADR 0055); null keeps the value.</summary>
    public static GatewayError? HoldSeconds(int? seconds) =>
        seconds is < 0 or > MaxHoldSeconds
            ? ConnectionErrors.Invalid($"hold_seconds must be 0-{MaxHoldSeconds}")
            : null;

    /// <summary>now + interval, or null without a policy (null or 0 days).</summary>
    public static DateTimeOffset? DueAt(DateTimeOffset now, int? days) => days is > 0 ? now.AddDays(days.Value) : null;

    /// <summary>
    /// Drops empty (or whitespace-only) values, as Sigilum does, and checks the names and sizes of the rest.
    /// </summary>
    public static GatewayError? Secrets(SecretMap secrets)
    {
        foreach (var key in secrets.Keys.ToList())
        {
            if (!secrets.TryGet(key, out var value) || SecretBytes.Trim(value).IsEmpty)
            {
                secrets.Remove(key);
                continue;
            }
            if (!SecretKeyPattern().IsMatch(key))
            {
                return ConnectionErrors.Invalid("secret names must be 1-128 characters of letters, digits, '.', '_' or '-'");
            }
            if (value.Length > MaxSecretValueBytes)
            {
                return ConnectionErrors.Invalid($"secret \"{key}\" is longer than {MaxSecretValueBytes} bytes");
            }
        }
        return null;
    }

    public static string? Subject(string? value)
    {
        var subject = value?.Trim();
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }
        subject = new string(subject.Where(c => !char.IsControl(c)).ToArray());
        return subject.Length > MaxSubjectLength ? subject[..MaxSubjectLength] : subject;
    }
}
