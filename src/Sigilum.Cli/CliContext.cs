using Sigilum.Cli.Local;
using Sigilum.Protocol;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli;

/// <summary>What every command needs: the environment, the output and the identity store.</summary>
internal sealed class CliContext
{
    private const UnixFileMode OthersMayAccess =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    public CliContext(CliEnvironment environment, CliOutput output)
    {
        Environment = environment;
        Output = output;
    }

    public CliEnvironment Environment { get; }

    public CliOutput Output { get; }

    /// <summary>The store at <paramref name="home"/> (else SIGILUM_HOME, else ~/.sigilum).</summary>
    public IdentityStore OpenStore(string? home) => new(new IdentityStoreOptions
    {
        HomeDirectory = home is null ? null : ResolvePath(home),
        TimeProvider = Environment.Time,
        GetEnvironmentVariable = Environment.GetVariable,
    });

    /// <summary>The home's run, log and control-plane paths (same home rule as <see cref="OpenStore"/>).</summary>
    public SigilumPaths ResolvePaths(string? home) => new(OpenStore(home).HomeDirectory);

    /// <summary>
    /// Loads an identity or throws the matching <see cref="CliException"/>. Warns (does not refuse, as the
    /// reference SDKs accept it) when the key file is readable by other users.
    /// </summary>
    public IdentityRecord LoadIdentity(IdentityStore store, string? ns)
    {
        var record = store.LoadIdentity(ns);
        if (!record.IsSuccess)
        {
            throw IdentityFailure(record.Error);
        }
        var path = store.GetIdentityPath(record.Value.Namespace);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & OthersMayAccess) != 0)
        {
            Output.WriteWarning($"{path} holds a private key and is readable by other users; run: chmod 600 {path}");
        }
        return record.Value;
    }

    public string ResolvePath(string path) =>
        path.StartsWith('~') ? path : Path.GetFullPath(path, Environment.CurrentDirectory);

    // The exit code is the catalogue's (ADR 0048): NAMESPACE_INVALID and IDENTITY_AMBIGUOUS are usage errors,
    // IDENTITY_NOT_FOUND not found, IDENTITY_INVALID invalid data; any other code is a bug.
    public static CliException IdentityFailure(ProtocolError error) => new(
        ErrorCatalogue.Find(error.Code) is { Kind: ErrorKind.CliExit } entry ? entry.Status : ExitCodes.Internal,
        $"{error.Reason} ({error.Code})");
}
