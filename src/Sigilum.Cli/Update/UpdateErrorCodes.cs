using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Update;

/// <summary>Stable codes of <c>sigilum update</c> (docs/errors.md, "CLI: install and update"; ADR 0057).</summary>
internal static class UpdateErrorCodes
{
    /// <summary><c>--from</c> names neither a folder nor a <c>.nupkg</c> file (exit 3).</summary>
    public const string SourceNotFound = ErrorCatalogue.UpdateSourceNotFound;

    /// <summary>The source holds no readable Sigilum tool package, or several versions of one (exit 4).</summary>
    public const string SourceInvalid = ErrorCatalogue.UpdateSourceInvalid;

    /// <summary>This sigilum is not an installed .NET tool and no <c>--tool-path</c> names one (exit 2).</summary>
    public const string NotInstalled = ErrorCatalogue.UpdateNotInstalled;

    /// <summary>The installed version's package is kept nowhere, so a roll-back could not work offline (exit 1).</summary>
    public const string PreviousMissing = ErrorCatalogue.UpdatePreviousMissing;

    /// <summary>A systemd unit of this installation runs and this process may not restart it (exit 7).</summary>
    public const string ServiceNotPermitted = ErrorCatalogue.UpdateServiceNotPermitted;

    /// <summary><c>dotnet tool update</c> failed; the previous version stays and what was stopped runs again (exit 1).</summary>
    public const string InstallFailed = ErrorCatalogue.UpdateInstallFailed;

    /// <summary>The new version did not come up healthy; the previous one is installed and running again (exit 1).</summary>
    public const string RolledBack = ErrorCatalogue.UpdateRolledBack;

    /// <summary>The new version did not come up healthy and neither did the previous one after the roll-back (exit 1).</summary>
    public const string RollbackFailed = ErrorCatalogue.UpdateRollbackFailed;
}
