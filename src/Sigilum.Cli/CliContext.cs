using Sigilum.Cli.Help;
using Sigilum.Cli.Output;
using Sigilum.Protocol;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli;

/// <summary>What every command needs: the environment, the output and the identity store.</summary>
internal sealed class CliContext
{
    public CliContext(CliEnvironment environment, CliOutput output)
    {
        Environment = environment;
        Output = output;
    }

    public CliEnvironment Environment { get; }

    public CliOutput Output { get; }

    public HelpExamples Examples { get; } = new();

    /// <summary>The store at <paramref name="home"/> (else SIGILUM_HOME, else ~/.sigilum).</summary>
    public IdentityStore OpenStore(string? home) => new(new IdentityStoreOptions
    {
        HomeDirectory = home is null ? null : ResolvePath(home),
        TimeProvider = Environment.Time,
        GetEnvironmentVariable = Environment.GetVariable,
    });

    /// <summary>Loads an identity or throws the matching <see cref="CliException"/>.</summary>
    public static IdentityRecord LoadIdentity(IdentityStore store, string? ns)
    {
        var record = store.LoadIdentity(ns);
        return record.IsSuccess ? record.Value : throw IdentityFailure(record.Error);
    }

    public string ResolvePath(string path) =>
        path.StartsWith('~') ? path : Path.GetFullPath(path, Environment.CurrentDirectory);

    public static CliException IdentityFailure(ProtocolError error) => new(
        error.Code switch
        {
            IdentityErrorCodes.NamespaceInvalid or IdentityErrorCodes.Ambiguous => ExitCodes.Usage,
            IdentityErrorCodes.NotFound => ExitCodes.NotFound,
            IdentityErrorCodes.Invalid => ExitCodes.InvalidData,
            _ => ExitCodes.Internal,
        },
        $"{error.Reason} ({error.Code})");
}
