using System.CommandLine;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// What differs between the data planes that <c>… service install</c> can run under systemd (issue 12 item 2): the
/// unit and user names, where state lives, and the foreground command the unit starts. Everything else (rendering,
/// the system user, the state directory, systemctl) is <see cref="SystemServiceCommand"/>'s, shared by both command lines.
/// </summary>
/// <param name="UnitName">The unit's name without <c>.service</c>, e.g. <c>sigilum-gateway</c>.</param>
/// <param name="DisplayName">What the unit runs, for people, and its directory in the home: <c>gateway</c>, <c>vault</c>.</param>
/// <param name="Description">The unit's Description= line.</param>
/// <param name="CommandPath">The words before <c>install</c> in messages, e.g. <c>sigilum gateway service</c>.</param>
/// <param name="EntryAssemblyPath">The dll of the command line (run by <c>dotnet</c> when the CLI itself runs that way).</param>
public sealed record ServiceProfile(string UnitName, string DisplayName, string Description, string CommandPath, string EntryAssemblyPath)
{
    private readonly string? _defaultUser;
    private readonly string? _defaultStateDirectory;

    /// <summary>The command line's own name, as installed (<c>sigilum</c>, <c>sigil-vault</c>): the first word of <see cref="CommandPath"/>.</summary>
    public string CommandName => CommandPath.Split(' ')[0];

    /// <summary>The dedicated system user [default: the unit's name, e.g. <c>sigilum-gateway</c>].</summary>
    public string DefaultUser
    {
        get => _defaultUser ?? UnitName;
        init => _defaultUser = value;
    }

    /// <summary>The state directory (the service's Sigilum home) [default: <c>/var/lib/</c> and the unit's name].</summary>
    public string DefaultStateDirectory
    {
        get => _defaultStateDirectory ?? "/var/lib/" + UnitName;
        init => _defaultStateDirectory = value;
    }

    /// <summary>The data plane's directory inside the home (<c>gateway</c>, <c>vault</c>): its keys and database.</summary>
    public string DataSubdirectory => DisplayName;

    /// <summary>Options of <c>install</c> beyond the shared ones (the gateway's namespace, a port).</summary>
    public IReadOnlyList<Option> InstallOptions { get; init; } = [];

    /// <summary>The arguments after the program that run the data plane in the foreground with home = the state directory.</summary>
    public required Func<ParseResult, string, IReadOnlyList<string>> StartArguments { get; init; }

    /// <summary>
    /// Why the service would not start as configured (e.g. the gateway does not know its namespace), or null: install
    /// refuses with it as a usage error, --dry-run prints it as a warning.
    /// </summary>
    public Func<ParseResult, string, string?> Check { get; init; } = (_, _) => null;

    /// <summary>Optional arguments of an idempotent preparation step run before each start (the vault's <c>init</c>).</summary>
    public Func<string, IReadOnlyList<string>>? PrepareArguments { get; init; }

    /// <summary>Lines printed after a successful install: what to do next (pairing, configuration as the service user).</summary>
    public Func<ServiceInstallation, IReadOnlyList<string>> NextSteps { get; init; } = _ => [];

    /// <summary>An optional environment file the unit reads (settings, env-backend secrets); <c>-</c>-prefixed: may be absent.</summary>
    public string EnvironmentFile => "/etc/default/" + UnitName;
}
