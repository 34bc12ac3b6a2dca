using System.Globalization;
using Sigilum.Cli.Gateway;
using Sigilum.CommandLine.Services;

namespace Sigilum.Cli.Update;

/// <summary>
/// A systemd unit (<c>sigilum-gateway</c>, <c>sigil-vault</c>) whose ExecStart runs a command of the installation being
/// updated. Units that run another copy of the CLI are left alone: updating this one does not change what they run.
/// </summary>
internal sealed record ServiceUnitTarget(string Unit, string PackageId, int? Port)
{
    /// <summary>The vault's unit (Sigilum.Vault.Cli's VaultServiceCommand.UnitName; that assembly is not referenced here).</summary>
    public const string VaultUnitName = "sigil-vault";

    public bool IsGateway => Unit == GatewayServiceCommand.UnitName;

    /// <summary>Where the gateway of this unit answers /health.</summary>
    public string HealthUrl => "http://127.0.0.1:" + (Port ?? GatewaySettings.DefaultPort).ToString(CultureInfo.InvariantCulture);

    public static IReadOnlyList<ServiceUnitTarget> Find(ServiceSystem services, ToolInstallation installation)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(installation);
        if (!services.HasSystemd)
        {
            return [];
        }
        var found = new List<ServiceUnitTarget>();
        foreach (var (unit, packageId) in new[] { (GatewayServiceCommand.UnitName, ToolPackage.CliId), (VaultUnitName, ToolPackage.VaultId) })
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(Path.Combine(services.UnitDirectory, unit + ".service"));
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                continue;
            }
            var execStart = lines.Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("ExecStart=", StringComparison.Ordinal));
            if (execStart is null)
            {
                continue;
            }
            var words = Words(execStart["ExecStart=".Length..]);
            if (words.Count == 0 || !string.Equals(Path.GetFullPath(words[0]), installation.CommandPath(packageId), StringComparison.Ordinal))
            {
                continue;
            }
            var port = words.IndexOf("--port") is var at and >= 0 && at + 1 < words.Count
                && int.TryParse(words[at + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (int?)null;
            found.Add(new ServiceUnitTarget(unit, packageId, port));
        }
        return found;
    }

    /// <summary>The words of an ExecStart= line as <see cref="SystemdUnit"/> writes them (double quotes, doubled <c>%</c> and <c>$</c>).</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == '\\' && quoted && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any || current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                if ((c is '%' or '$') && i + 1 < line.Length && line[i + 1] == c)
                {
                    i++;
                }
            }
        }
        if (any || current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
