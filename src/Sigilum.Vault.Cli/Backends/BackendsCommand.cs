using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends add|list|test|remove</c>: where credentials come from (never stored by the vault).</summary>
internal static class BackendsCommand
{
    internal static readonly System.Text.RegularExpressions.Regex NamePattern = new("^[a-z0-9][a-z0-9._-]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    internal static Dictionary<string, string> ParseOptions(string? text)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return options;
        }
        foreach (var pair in text.Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--options: '{pair}' is not k=v.");
            }
            var key = pair[..eq].Trim();
            if (!options.TryAdd(key, pair[(eq + 1)..].Trim()))
            {
                throw new CliException(ExitCodes.Usage, $"--options: '{key}' is given twice.");
            }
        }
        return options;
    }

    internal static JsonObject ToJson(BackendConfig b)
    {
        var options = new JsonObject();
        foreach (var (key, value) in b.Options)
        {
            options[key] = value;
        }
        return new JsonObject { ["name"] = b.Name, ["kind"] = b.Kind, ["options"] = options };
    }
}
