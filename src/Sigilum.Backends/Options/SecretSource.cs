namespace Sigilum.Backends.Options;

/// <summary>
/// Where one of the backend's own credentials (a Vault token, an AWS secret key…) comes from:
/// <c>&lt;name&gt;_env=VAR</c> or <c>&lt;name&gt;_file=/path</c>. The value itself is never an option, so
/// <c>backends list</c> and the database never hold it; it is read at use time, so rotation works.
/// </summary>
internal sealed class SecretSource
{
    private readonly string? _variable;
    private readonly string? _path;

    private SecretSource(string option, string? variable, string? path)
    {
        Option = option;
        _variable = variable;
        _path = path;
    }

    /// <summary>The option stem, e.g. <c>token</c>; used in error messages.</summary>
    public string Option { get; }

    /// <summary>Reads <c>{stem}_env</c> / <c>{stem}_file</c>; exactly one must be given when <paramref name="required"/>.</summary>
    public static SecretSource? Read(OptionReader options, string stem, bool required, string description)
    {
        var variable = options.Optional(stem + "_env");
        var path = options.Optional(stem + "_file");
        if (variable is not null && path is not null)
        {
            options.Error($"give only one of '{stem}_env' and '{stem}_file'.");
            return null;
        }
        if (variable is null && path is null)
        {
            if (required)
            {
                options.Error($"option '{stem}_env' (an environment variable name) or '{stem}_file' (a file path) is required ({description}).");
            }
            return null;
        }
        return new SecretSource(stem, variable, path);
    }

    /// <summary>A source with a fixed default file (e.g. the Kubernetes service-account token).</summary>
    public static SecretSource FromFile(string stem, string path) => new(stem, null, path);

    /// <summary>The current value, or null when the variable is unset or the file is unreadable or empty.</summary>
    public string? TryRead(BackendContext context)
    {
        try
        {
            var value = _variable is not null ? context.GetEnvironmentVariable(_variable) : File.ReadAllText(_path!);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Where the value is expected, for error messages (a variable or path name, never the value).</summary>
    public string Describe() => _variable is not null ? $"environment variable '{_variable}'" : $"file '{_path}'";
}
