using Sigilum.Backends;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Hosting;

/// <summary>
/// Backend validation and connectivity checks for the CLI (<c>backends add|test</c>, <c>doctor</c>),
/// so the CLI needs no reference to Sigilum.Backends: kinds added to <see cref="BackendFactory"/>
/// appear here without a change.
/// </summary>
internal static class BackendChecks
{
    public static IReadOnlyList<string> Kinds => BackendFactory.Kinds;

    /// <summary>Why <paramref name="config"/> cannot be built (unknown kind, missing or unknown option); empty when it can.</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(BackendConfig config, TimeProvider time)
    {
        var (backend, errors) = BackendFactory.Create(config.ToDefinition(), new BackendContext { Time = time });
        if (backend is not null)
        {
            await backend.DisposeAsync();
        }
        return backend is null ? errors : [];
    }

    /// <summary>Builds and tests the backend (no secret fetched); null when fine, else a stable code and a safe message.</summary>
    public static async Task<(string Code, string Message)?> TestAsync(BackendConfig config, TimeProvider time, Func<string, string?> getVariable, CancellationToken cancellationToken)
    {
        var (backend, errors) = BackendFactory.Create(config.ToDefinition(), new BackendContext { Time = time, GetEnvironmentVariable = getVariable });
        if (backend is null)
        {
            return (BackendError.CodeFor(BackendErrorKind.Misconfigured), string.Join(" ", errors));
        }
        await using (backend)
        {
            var error = await backend.TestAsync(cancellationToken);
            return error is null ? null : (error.Code, error.Message);
        }
    }
}
