using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;

namespace Sigilum.Cli.Services;

/// <summary>
/// <c>--secret K=VALUE</c>, <c>--secret K=@file</c>, <c>--secret K=-</c> (stdin) and <c>--secret-env K=VAR</c>: the
/// connection secrets of <c>service add</c> and <c>service rotate</c>. Values are read as bytes and zeroed after use;
/// they are never printed. A literal value is accepted with a warning, because it shows in shell history and <c>ps</c>.
/// </summary>
internal static partial class SecretArguments
{
    /// <summary>The gateway's limit for one value (credential variables, spec §3.7).</summary>
    public const int MaxValueBytes = 16 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Option<string[]> Secret() => new("--secret")
    {
        Description = "A connection secret (repeatable): K=VALUE (visible in shell history and ps), K=@file, or K=- (read stdin).",
        HelpName = "key=value",
    };

    public static Option<string[]> SecretEnv() => new("--secret-env")
    {
        Description = "A connection secret read from an environment variable (repeatable): K=VAR.",
        HelpName = "key=var",
    };

    /// <summary>Reads every secret; the caller disposes them (which zeroes the values).</summary>
    public static List<SecretValue> Read(CliContext context, string[]? secrets, string[]? fromEnvironment)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = new List<SecretValue>();
        try
        {
            var warned = false;
            var stdinUsed = false;
            foreach (var item in secrets ?? [])
            {
                var (key, source) = Split(item, "--secret", "K=VALUE, K=@file or K=-");
                byte[] value;
                if (source == "-")
                {
                    if (stdinUsed)
                    {
                        throw new CliException(ExitCodes.Usage, "Only one --secret can be read from stdin (K=-).");
                    }
                    stdinUsed = true;
                    value = InputFiles.TrimLineEnd(InputFiles.ReadStandardInput(context, MaxValueBytes, $"secret {key}"), onlyOne: false);
                }
                else if (source.StartsWith('@'))
                {
                    value = InputFiles.TrimLineEnd(InputFiles.ReadBytes(context.ResolvePath(source[1..]), MaxValueBytes, $"file for secret {key}"), onlyOne: false);
                }
                else
                {
                    if (!warned)
                    {
                        context.Output.WriteWarning("A secret given as --secret K=VALUE is visible in your shell history and to other users (ps); prefer K=@file, K=- or --secret-env.");
                        warned = true;
                    }
                    value = Encoding.UTF8.GetBytes(source);
                }
                Add(result, key, value);
            }
            foreach (var item in fromEnvironment ?? [])
            {
                var (key, variable) = Split(item, "--secret-env", "K=VAR");
                var text = context.Environment.GetVariable(variable);
                if (string.IsNullOrEmpty(text))
                {
                    throw new CliException(ExitCodes.Usage, $"--secret-env {key}={variable}: the environment variable {variable} is not set.");
                }
                Add(result, key, Encoding.UTF8.GetBytes(text));
            }
            return result;
        }
        catch
        {
            result.ForEach(s => s.Dispose());
            throw;
        }
    }

    /// <summary>Refuses bytes that are not UTF-8 text: JSON carries text, and a binary secret would be mangled silently.</summary>
    public static void EnsureText(byte[] value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        try
        {
            _ = StrictUtf8.GetCharCount(value);
        }
        catch (DecoderFallbackException)
        {
            Array.Clear(value);
            throw new CliException(ExitCodes.Usage, $"The {what} is not UTF-8 text.");
        }
    }

    private static void Add(List<SecretValue> result, string key, byte[] value)
    {
        var secret = new SecretValue(key, value);
        if (value.Length == 0)
        {
            secret.Dispose();
            throw new CliException(ExitCodes.Usage, $"The secret {key} is empty.");
        }
        EnsureText(value, $"secret {key}");
        if (value.Length > MaxValueBytes || result.Any(s => s.Key == key))
        {
            secret.Dispose();
            throw new CliException(ExitCodes.Usage, value.Length > MaxValueBytes ? $"The secret {key} is larger than {MaxValueBytes} bytes." : $"The secret {key} is given twice.");
        }
        result.Add(secret);
    }

    private static (string Key, string Value) Split(string item, string option, string forms)
    {
        var equals = item.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            // Never echo the item: it may be a secret value without its key.
            throw new CliException(ExitCodes.Usage, $"{option} takes {forms}.");
        }
        var key = item[..equals];
        if (!KeyPattern().IsMatch(key))
        {
            throw new CliException(ExitCodes.Usage, $"{option}: '{key}' is not a valid secret name (letters, digits, . _ -; at most 128).");
        }
        return (key, item[(equals + 1)..]);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
