using System.Text;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// Renders the systemd unit that runs a data plane as its own user (issue 12 item 2, docs/decisions/0021). The
/// sandbox settings are chosen for what a .NET server needs and nothing more: no capabilities, a read-only system,
/// no view of home directories (the agent's keys) and none of the service's files for anyone else (UMask, 0700).
/// MemoryDenyWriteExecute= is left out on purpose: the .NET JIT needs writable-then-executable pages.
/// </summary>
public static class SystemdUnit
{
    /// <summary>The hardening lines, in the order they are written (tests check each one is present).</summary>
    public static readonly IReadOnlyList<string> Hardening =
    [
        "NoNewPrivileges=yes",
        "CapabilityBoundingSet=",
        "AmbientCapabilities=",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "PrivateDevices=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes",
        "ProtectClock=yes",
        "ProtectHostname=yes",
        "ProtectProc=invisible",
        "RestrictSUIDSGID=yes",
        "RestrictRealtime=yes",
        "RestrictNamespaces=yes",
        "LockPersonality=yes",
        "RemoveIPC=yes",
        "KeyringMode=private",
        "UMask=0077",
        "LimitCORE=0",
        "SystemCallArchitectures=native",
        // A deny list (not @system-service): what a proxy never needs — debugging other processes, mounting, modules, raw I/O.
        "SystemCallFilter=~@clock @cpu-emulation @debug @module @mount @obsolete @raw-io @reboot @swap",
        // AF_NETLINK: glibc's getaddrinfo asks the kernel which address families are configured.
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
    ];

    public static string FileName(string unitName) => unitName + ".service";

    /// <summary>The unit text for <paramref name="profile"/> running <paramref name="arguments"/> as <paramref name="user"/>.</summary>
    public static string Render(ServiceProfile profile, ServiceEntryPoint entryPoint, string user, string stateDirectory, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(entryPoint);
        ArgumentNullException.ThrowIfNull(arguments);
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"# Written by `{profile.CommandPath} install`; running it again rewrites this file. See docs/decisions/0021.");
        Line("[Unit]");
        Line("Description=" + profile.Description);
        Line("Wants=network-online.target");
        Line("After=network-online.target");
        // A service that cannot start (bad settings) stops retrying after 5 tries in 2 minutes instead of looping forever.
        Line("StartLimitIntervalSec=120");
        Line("StartLimitBurst=5");
        Line(string.Empty);
        Line("[Service]");
        Line("Type=exec");
        Line("User=" + user);
        Line("Group=" + user);
        // The state directory was checked to be a plain absolute path (IsPlainPath), so it needs no quoting here.
        Line("Environment=SIGILUM_HOME=" + stateDirectory);
        Line("Environment=HOME=" + stateDirectory);
        Line("Environment=DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1");
        if (entryPoint.DotnetRoot is { } root)
        {
            Line("Environment=" + Assignment("DOTNET_ROOT", root));
        }
        Line("EnvironmentFile=-" + profile.EnvironmentFile);
        Line("WorkingDirectory=" + stateDirectory);
        var state = StateDirectoryName(stateDirectory);
        if (state is not null)
        {
            Line("StateDirectory=" + state);
            Line("StateDirectoryMode=0700");
        }
        Line("ReadWritePaths=" + stateDirectory);
        var program = new[] { entryPoint.Program }.Concat(entryPoint.PrefixArguments).ToList();
        if (profile.PrepareArguments is { } prepare)
        {
            Line("ExecStartPre=" + CommandLine(program.Concat(prepare(stateDirectory))));
        }
        Line("ExecStart=" + CommandLine(program.Concat(arguments)));
        Line("Restart=on-failure");
        Line("RestartSec=5s");
        Line("TimeoutStopSec=30s");
        foreach (var hardening in Hardening)
        {
            Line(hardening);
        }
        Line(string.Empty);
        Line("[Install]");
        Line("WantedBy=multi-user.target");
        return text.ToString();
    }

    /// <summary>The StateDirectory= name when the directory is under /var/lib (systemd then creates it 0700), else null.</summary>
    public static string? StateDirectoryName(string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(stateDirectory);
        const string root = "/var/lib/";
        var full = stateDirectory.TrimEnd('/');
        return full.StartsWith(root, StringComparison.Ordinal) && full.Length > root.Length ? full[root.Length..] : null;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is absolute and free of what unit files treat specially (white space, quotes,
    /// backslashes, <c>%</c> specifiers, <c>$</c> variables, <c>;</c>), so it can be written into any setting verbatim.
    /// </summary>
    public static bool IsPlainPath(string path) =>
        !string.IsNullOrEmpty(path) && path[0] == '/' && !path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\\' or '\'' or '%' or '$' or ';');

    /// <summary>A quoted <c>NAME=value</c> for Environment=: specifiers are expanded there (so <c>%</c> is doubled), variables are not.</summary>
    public static string Assignment(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var body = (name + "=" + value).Replace("%", "%%", StringComparison.Ordinal);
        return "\"" + body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>One command line for ExecStart=: each word quoted when needed, <c>%</c> and <c>$</c> kept literal.</summary>
    public static string CommandLine(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));

    /// <summary>A word as systemd reads it back verbatim (systemd.syntax(7) quoting, systemd.unit(5) specifiers).</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var escaped = Escape(word);
        var needsQuotes = word.Length == 0 || word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';');
        return needsQuotes ? "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"" : escaped;
    }

    // '%' starts a specifier and '$' a variable in ExecStart=; doubled they are literal.
    private static string Escape(string value) => value.Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);
}
