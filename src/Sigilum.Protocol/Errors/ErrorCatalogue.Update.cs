using static Sigilum.Protocol.Errors.ErrorKind;

namespace Sigilum.Protocol.Errors;

// `sigilum update` (ADR 0057), in a file of its own so its rows do not collide with other areas' appends.
public static partial class ErrorCatalogue
{
    /// <summary><c>--from</c> names neither a folder nor a <c>.nupkg</c> file (exit 3).</summary>
    [Error(CliExit, 3, "--from is neither a folder nor a .nupkg file.")]
    public const string UpdateSourceNotFound = "UPDATE_SOURCE_NOT_FOUND";
    /// <summary>The source holds no readable Sigilum tool package, or several versions of one (exit 4).</summary>
    [Error(CliExit, 4, "The update source holds no readable Sigilum tool package, or several versions of one.")]
    public const string UpdateSourceInvalid = "UPDATE_SOURCE_INVALID";
    /// <summary>This sigilum is not an installed .NET tool and no <c>--tool-path</c> names one (exit 2).</summary>
    [Error(CliExit, 2, "This sigilum is not an installed .NET tool.")]
    public const string UpdateNotInstalled = "UPDATE_NOT_INSTALLED";
    /// <summary>The installed version's package is kept nowhere, so a roll-back could not work offline (exit 1).</summary>
    [Error(CliExit, 1, "The installed version's package is not kept, so a roll-back could not work offline.")]
    public const string UpdatePreviousMissing = "UPDATE_PREVIOUS_MISSING";
    /// <summary>A systemd unit of this installation runs and this process may not restart it (exit 7).</summary>
    [Error(CliExit, 7, "A systemd unit of this installation runs and only root may restart it.")]
    public const string UpdateServiceNotPermitted = "UPDATE_SERVICE_NOT_PERMITTED";
    /// <summary><c>dotnet tool update</c> failed; the previous version stays and what was stopped runs again (exit 1).</summary>
    [Error(CliExit, 1, "dotnet tool update failed; the previous version is running again.")]
    public const string UpdateInstallFailed = "UPDATE_INSTALL_FAILED";
    /// <summary>The new version did not come up healthy; the previous one is installed and running again (exit 1).</summary>
    [Error(CliExit, 1, "The new version was not healthy; the previous one is installed and running again.")]
    public const string UpdateRolledBack = "UPDATE_ROLLED_BACK";
    /// <summary>The new version did not come up healthy and neither did the previous one after the roll-back (exit 1).</summary>
    [Error(CliExit, 1, "The new version was not healthy and the roll-back did not bring the previous one back.")]
    public const string UpdateRollbackFailed = "UPDATE_ROLLBACK_FAILED";
}
