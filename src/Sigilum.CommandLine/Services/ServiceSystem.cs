using System.Globalization;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// The machine a service is installed on: whether we are root, whether systemd runs, the user database, and the
/// programs that change it (<c>useradd</c>, <c>chown</c>, <c>systemctl</c>). Real by default; tests point
/// <see cref="SystemdRunDirectory"/> and <see cref="IsPrivileged"/> elsewhere so they do not depend on the machine.
/// </summary>
public sealed class ServiceSystem
{
    public static ServiceSystem Real { get; } = new();

    /// <summary>systemd creates this directory when it is PID 1 (sd_booted(3)); its absence means no systemd.</summary>
    public string SystemdRunDirectory { get; init; } = "/run/systemd/system";

    /// <summary>Whether this process may create users, write /etc and call systemctl (root).</summary>
    public Func<bool> IsPrivileged { get; init; } = () => Environment.IsPrivilegedProcess;

    public bool HasSystemd => Directory.Exists(SystemdRunDirectory);

    /// <summary>Where units are installed and looked for when no --unit-dir is given.</summary>
    public string UnitDirectory { get; init; } = "/etc/systemd/system";

    /// <summary>Runs a program to completion (arguments passed as-is, no shell) and captures what it printed.</summary>
    public static Task<ProgramResult> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ProgramRunner.RunAsync(program, arguments, ProgramEnvironment, TimeSpan.FromSeconds(90), cancellationToken);

    // Messages we parse or show should not depend on the caller's locale; systemctl must never page.
    private static readonly Dictionary<string, string> ProgramEnvironment = new(StringComparer.Ordinal)
    {
        ["LC_ALL"] = "C",
        ["SYSTEMD_PAGER"] = string.Empty,
    };

    /// <summary>The account called <paramref name="name"/>, or null when there is none (NSS included, via getent).</summary>
    public static async Task<UnixAccount?> FindUserAsync(string name, CancellationToken cancellationToken)
    {
        var result = await RunAsync("getent", ["passwd", name], cancellationToken);
        return result.Succeeded ? UnixAccount.Parse(result.Output.Split('\n')[0]) : null;
    }

    /// <summary>The name of the account with <paramref name="uid"/>, else the number.</summary>
    public static async Task<string> UserNameAsync(int uid, CancellationToken cancellationToken)
    {
        var text = uid.ToString(CultureInfo.InvariantCulture);
        var result = await RunAsync("getent", ["passwd", text], cancellationToken);
        return result.Succeeded && UnixAccount.Parse(result.Output.Split('\n')[0]) is { } account ? account.Name : text;
    }

    /// <summary>
    /// The system account <paramref name="name"/>, created when missing: a system uid, its own group, no home directory
    /// created, no login shell. An existing root account is refused: the point is to run as someone who is not root.
    /// </summary>
    public static async Task<(UnixAccount Account, bool Created)> EnsureSystemUserAsync(string name, string home, CancellationToken cancellationToken)
    {
        if (await FindUserAsync(name, cancellationToken) is { } existing)
        {
            return existing.Uid == 0
                ? throw new CliException(ExitCodes.Usage, $"User {name} is root (uid 0); the service must run as an unprivileged user. Choose another with --user.")
                : (existing, false);
        }
        var created = await RunAsync("useradd",
            ["--system", "--no-create-home", "--home-dir", home, "--shell", "/usr/sbin/nologin", "--user-group", name], cancellationToken);
        if (!created.Succeeded)
        {
            throw new CliException(ExitCodes.CheckFailed, $"useradd could not create the system user {name}: {created.Reason}");
        }
        return (await FindUserAsync(name, cancellationToken)
            ?? throw new CliException(ExitCodes.CheckFailed, $"useradd reported success but user {name} is not in the user database."), true);
    }

    /// <summary>
    /// Creates <paramref name="path"/> if needed and makes it (and everything in it) owned by <paramref name="owner"/> with no
    /// group or other access, the directory itself 0700: nobody but
    /// the service user (and root) can list or enter it, so its keys, token and database are out of the agent's reach.
    /// </summary>
    public static async Task EnsurePrivateDirectoryAsync(string path, UnixAccount owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (OperatingSystem.IsWindows())
        {
            throw new CliException(ExitCodes.Usage, "System services need Linux with systemd.");
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // CreateDirectory keeps an existing directory's mode, and the umask may have narrowed a new one: set it.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var chown = await RunAsync("chown", ["-R", "--no-dereference", $"{owner.Uid.ToString(CultureInfo.InvariantCulture)}:{owner.Gid.ToString(CultureInfo.InvariantCulture)}", path], cancellationToken);
        if (!chown.Succeeded)
        {
            throw new CliException(ExitCodes.IoError, $"Could not give {path} to {owner.Name}: {chown.Reason}");
        }
        // Whatever was already inside (a reinstall, a copied-in gateway directory) is closed to group and others too.
        var chmod = await RunAsync("chmod", ["-R", "go-rwx", path], cancellationToken);
        if (!chmod.Succeeded)
        {
            throw new CliException(ExitCodes.IoError, $"Could not make {path} private: {chmod.Reason}");
        }
    }

    /// <summary>Runs <c>systemctl</c> with <paramref name="arguments"/>.</summary>
    public static Task<ProgramResult> SystemctlAsync(CancellationToken cancellationToken, params string[] arguments) => RunAsync("systemctl", arguments, cancellationToken);
}
