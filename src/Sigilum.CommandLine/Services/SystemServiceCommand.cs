using System.CommandLine;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// <c>… service install|uninstall|status</c> for a data plane (issue 12 item 2): one implementation for both command
/// lines, parameterised by a <see cref="ServiceProfile"/>. Install renders a hardened systemd unit, creates the
/// dedicated system user and its 0700 state directory, writes the unit, then enables and starts it.
/// </summary>
public static partial class SystemServiceCommand
{
    public static Command Create(ServiceProfile profile, ServiceSystem system, CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(output);
        var command = new Command("service")
        {
            Install(profile, system, output),
            Uninstall(profile, system, output),
            Status(profile, system, output),
        };
        return command;
    }

    /// <summary>The unit file of <paramref name="profile"/> in <paramref name="unitDirectory"/>, else the system's unit directory.</summary>
    public static string UnitFile(ServiceProfile profile, ServiceSystem system, string? unitDirectory)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(system);
        return Path.Combine(unitDirectory ?? system.UnitDirectory, SystemdUnit.FileName(profile.UnitName));
    }

    private static string ResolveUser(ServiceProfile profile, string? user)
    {
        var name = string.IsNullOrWhiteSpace(user) ? profile.DefaultUser : user.Trim();
        return UserName().IsMatch(name)
            ? name
            : throw new CliException(ExitCodes.Usage, $"'{name}' is not a valid system user name (lower-case letters, digits, '-' and '_', at most 32, starting with a letter or '_').");
    }

    private static string ResolveStateDirectory(ServiceProfile profile, string? directory)
    {
        var path = string.IsNullOrWhiteSpace(directory) ? profile.DefaultStateDirectory : Path.GetFullPath(directory.Trim()).TrimEnd('/');
        if (!SystemdUnit.IsPlainPath(path) || path == "/")
        {
            throw new CliException(ExitCodes.Usage, $"--state-dir must be an absolute directory without spaces, quotes, '%', '$' or ';', not '{path}'.");
        }
        if (path.StartsWith("/home/", StringComparison.Ordinal) || path.StartsWith("/root/", StringComparison.Ordinal) || path is "/home" or "/root")
        {
            throw new CliException(ExitCodes.Usage, $"--state-dir {path} is under a home directory, which the unit hides from the service (ProtectHome=yes); use a directory such as {profile.DefaultStateDirectory}.");
        }
        return path;
    }

    private static ServiceInstallation Installation(ServiceProfile profile, ServiceSystem system, string? unitDirectory, string user, string stateDirectory) =>
        new(profile.UnitName, UnitFile(profile, system, unitDirectory), user, stateDirectory, Path.Combine(stateDirectory, profile.DataSubdirectory));

    private static void RequireRoot(ServiceSystem system, ServiceProfile profile, string verb)
    {
        if (!system.IsPrivileged())
        {
            throw new CliException(ExitCodes.CheckFailed,
                $"'{profile.CommandPath} {verb}' creates or removes a system user and a systemd unit, which needs root; run: sudo {profile.CommandPath} {verb} " +
                $"(or see the unit first with: {profile.CommandPath} install --dry-run).");
        }
    }

    private static CliException NoSystemd(ServiceSystem system, ServiceProfile profile) => new(ExitCodes.CheckFailed,
        $"This machine does not run systemd ({system.SystemdRunDirectory} is missing, e.g. a container or WSL without systemd), so the unit cannot be " +
        $"enabled or started here. Either run the {profile.DisplayName} under your own supervisor as a dedicated non-root user, or write the unit " +
        $"for a machine that has systemd: {profile.CommandPath} install --dry-run (print it) or --unit-dir <dir> (write it without systemctl).");

    private static JsonObject Describe(ServiceInstallation installation) => new()
    {
        ["unit"] = SystemdUnit.FileName(installation.UnitName),
        ["unitFile"] = installation.UnitFile,
        ["user"] = installation.User,
        ["stateDirectory"] = installation.StateDirectory,
        ["dataDirectory"] = installation.DataDirectory,
    };

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserName();
}
