namespace Sigilum.Backends;

/// <summary>
/// One configured place secrets come from (a HashiCorp Vault, an AWS account, the process environment…).
/// Implementations never log or put secret bytes in errors, honour the caller's cancellation as the
/// deadline (the request's 5-second budget), and report expected failures as <see cref="BackendError"/>
/// values rather than exceptions.
/// </summary>
public interface ICredentialBackend : IAsyncDisposable
{
    /// <summary>The backend's name as configured (e.g. <c>prod-vault</c>).</summary>
    string Name { get; }

    /// <summary>The kind, e.g. <c>env</c>, <c>hashicorp-vault</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// Fetches the secret named by <paramref name="reference"/> (kind-specific syntax, e.g. a variable name
    /// or <c>secret/data/openai#api_key</c>). The caller owns and disposes the returned credential.
    /// </summary>
    Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Checks connectivity and authentication without fetching or printing any secret.</summary>
    Task<BackendError?> TestAsync(CancellationToken cancellationToken);
}
