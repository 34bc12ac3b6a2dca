using System.Globalization;

namespace Sigilum.Backends.Options;

/// <summary>
/// Reads a backend's <c>--options k=v,…</c> and collects one clear error per missing, bad or unknown
/// option, so <c>backends add</c> reports every problem at once and nothing half-valid is built.
/// Error texts name the option and the expected form, never the value (a value may be a secret).
/// </summary>
internal sealed class OptionReader
{
    private readonly BackendDefinition _definition;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public OptionReader(BackendDefinition definition) => _definition = definition;

    public IReadOnlyList<string> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    public string Kind => _definition.Kind;

    public void Error(string message) => _errors.Add($"{_definition.Kind} backend '{_definition.Name}': {message}");

    /// <summary>A value that must be present and non-blank.</summary>
    public string Required(string name, string description)
    {
        var value = Optional(name);
        if (value is null)
        {
            Error($"option '{name}' is required ({description}).");
            return string.Empty;
        }
        return value;
    }

    /// <summary>An optional value; blank counts as absent.</summary>
    public string? Optional(string name)
    {
        _known.Add(name);
        var value = _definition.Options.GetValueOrDefault(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public bool IsSet(string name) => Optional(name) is not null;

    /// <summary>One of <paramref name="allowed"/>; the first is the default.</summary>
    public string OneOf(string name, params string[] allowed)
    {
        var value = Optional(name);
        if (value is null)
        {
            return allowed[0];
        }
        if (!allowed.Contains(value, StringComparer.Ordinal))
        {
            Error($"option '{name}' must be one of {string.Join(", ", allowed)}.");
            return allowed[0];
        }
        return value;
    }

    /// <summary>An absolute http(s) URL. Plain http is refused unless <paramref name="allowHttp"/> or the host is loopback.</summary>
    public Uri? Url(string name, bool required, string description, Uri? defaultValue = null, bool allowHttp = false)
    {
        var value = required ? Required(name, description) : Optional(name);
        if (string.IsNullOrEmpty(value))
        {
            return defaultValue;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            Error($"option '{name}' must be an absolute https URL ({description}).");
            return defaultValue;
        }
        // BKD-09: never talk to a secret store in clear text, except a local one (tests, dev agents).
        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp && !uri.IsLoopback)
        {
            Error($"option '{name}' must use https (plain http is accepted for loopback addresses only).");
            return defaultValue;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            Error($"option '{name}' must not contain user info; give credentials through their own options.");
            return defaultValue;
        }
        return uri;
    }

    /// <summary>A duration such as <c>300</c> (seconds), <c>90s</c>, <c>5m</c> or <c>1h</c>, within bounds.</summary>
    public TimeSpan? Duration(string name, TimeSpan min, TimeSpan max, TimeSpan? defaultValue = null)
    {
        var value = Optional(name);
        if (value is null)
        {
            return defaultValue;
        }
        if (!TryParseDuration(value, out var duration) || duration < min || duration > max)
        {
            Error($"option '{name}' must be a duration between {Describe(min)} and {Describe(max)} (e.g. 30s, 5m, 1h).");
            return defaultValue;
        }
        return duration;
    }

    public bool Bool(string name, bool defaultValue = false)
    {
        var value = Optional(name);
        if (value is null)
        {
            return defaultValue;
        }
        switch (value.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "1": return true;
            case "FALSE" or "NO" or "0": return false;
            default:
                Error($"option '{name}' must be true or false.");
                return defaultValue;
        }
    }

    /// <summary>Call last: every option the operator gave that no reader asked for is an error.</summary>
    public void RejectUnknown()
    {
        foreach (var key in _definition.Options.Keys.Where(k => !_known.Contains(k)).Order(StringComparer.Ordinal))
        {
            Error($"option '{key}' is not known (known: {string.Join(", ", _known.Order(StringComparer.Ordinal))}).");
        }
    }

    internal static bool TryParseDuration(string value, out TimeSpan duration)
    {
        duration = default;
        var unit = value[^1];
        var (digits, scale) = char.IsAsciiDigit(unit) ? (value, 1L) : unit switch
        {
            's' => (value[..^1], 1L),
            'm' => (value[..^1], 60L),
            'h' => (value[..^1], 3600L),
            _ => (string.Empty, 0L),
        };
        if (scale == 0 || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 10_000_000)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(amount * scale);
        return true;
    }

    private static string Describe(TimeSpan span) => span.TotalSeconds < 120
        ? $"{span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
        : span.TotalMinutes < 120 ? $"{span.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m" : $"{span.TotalHours.ToString(CultureInfo.InvariantCulture)}h";
}
