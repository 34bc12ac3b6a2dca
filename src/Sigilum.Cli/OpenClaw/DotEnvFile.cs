using System.Text;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// A <c>.env</c> file as OpenClaw's dotenv loader reads it: <c>KEY=value</c> lines, optionally <c>export KEY=…</c>, values
/// optionally in single or double quotes, <c>#</c> comments. Import removes a moved key by dropping its line and keeps the
/// rest byte for byte (no backup: a copy would keep the secret the import exists to remove).
/// </summary>
internal static class DotEnvFile
{
    private const int MaxBytes = 1024 * 1024;

    public static IReadOnlyList<string> Candidates(OpenClawLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return [Path.Combine(location.StateDirectory, ".env"), Path.Combine(location.StateDirectory, ".env.local")];
    }

    /// <summary>(name, value, 1-based line) of every assignment.</summary>
    public static IReadOnlyList<(string Name, string Value, int Line)> Read(string path)
    {
        var entries = new List<(string, string, int)>();
        if (!File.Exists(path))
        {
            return entries;
        }
        var lines = Encoding.UTF8.GetString(PrivateFiles.ReadBounded(path, MaxBytes)).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Parse(lines[i]) is { } entry)
            {
                entries.Add((entry.Name, entry.Value, i + 1));
            }
        }
        return entries;
    }

    /// <summary>Drops the lines that assign <paramref name="names"/>; keeps the file's mode.</summary>
    public static void RemoveNames(string path, IReadOnlySet<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var text = Encoding.UTF8.GetString(PrivateFiles.ReadBounded(path, MaxBytes));
        var kept = text.Split('\n').Where(line => Parse(line) is not { } entry || !names.Contains(entry.Name));
        var mode = OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);
        PrivateFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(string.Join('\n', kept)), overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static (string Name, string Value)? Parse(string line)
    {
        var text = line.Trim().TrimEnd('\r');
        if (text.Length == 0 || text.StartsWith('#'))
        {
            return null;
        }
        if (text.StartsWith("export ", StringComparison.Ordinal))
        {
            text = text[7..].TrimStart();
        }
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }
        var name = text[..eq].Trim();
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            return null;
        }
        var value = text[(eq + 1)..].Trim();
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }
        else if (value.IndexOf(" #", StringComparison.Ordinal) is var hash and >= 0)
        {
            value = value[..hash].TrimEnd();
        }
        return (name, value);
    }
}
