using Sigilum.Backends.Aws;
using Sigilum.Backends.Azure;
using Sigilum.Backends.Env;
using Sigilum.Backends.Gcp;
using Sigilum.Backends.HashiCorpVault;
using Sigilum.Backends.Resilience;

namespace Sigilum.Backends;

/// <summary>
/// Builds a backend from its definition, validating every option first: an unknown kind, a missing
/// required option or an unknown option is an error that names it, and nothing is built.
/// </summary>
public static class BackendFactory
{
    /// <summary>The kinds this build knows, in the order help lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [EnvBackend.KindName, HashiCorpVaultBackend.KindName, SecretsManagerBackend.KindName, StsBackend.KindName, AzureKeyVaultBackend.KindName, GcpSecretManagerBackend.KindName];

    /// <summary>
    /// What <c>backends add</c> must tell the operator about a kind, or null. The env kind is for
    /// development and tests only: its values live in the proxy's environment for the process's life.
    /// </summary>
    public static string? Notice(string kind) => kind switch
    {
        EnvBackend.KindName => "The env backend reads the proxy's own environment: for development and tests only, never production.",
        _ => null,
    };

    /// <summary>Builds <paramref name="definition"/>; on failure returns null and the reasons.</summary>
    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        return definition.Kind switch
        {
            EnvBackend.KindName => EnvBackend.Create(definition, context),
            HashiCorpVaultBackend.KindName => Resilient(HashiCorpVaultBackend.Create(definition, context), context,
                singleFlight: !IsTrue(definition.Options.GetValueOrDefault("revoke_after_use"))),
            SecretsManagerBackend.KindName => Resilient(SecretsManagerBackend.Create(definition, context), context),
            StsBackend.KindName => Resilient(StsBackend.Create(definition, context), context),
            AzureKeyVaultBackend.KindName => Resilient(AzureKeyVaultBackend.Create(definition, context), context),
            GcpSecretManagerBackend.KindName => Resilient(GcpSecretManagerBackend.Create(definition, context), context),
            _ => (null, [$"Unknown backend kind '{definition.Kind}'. Known kinds: {string.Join(", ", Kinds)}."]),
        };
    }

    /// <summary>
    /// Network kinds get single-flight, the TTL cache and throttling backoff (issue #7 §3); the env kind
    /// reads process memory and needs none of it.
    /// </summary>
    private static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Resilient(
        (ICredentialBackend? Backend, IReadOnlyList<string> Errors) created, BackendContext context, bool singleFlight = true) =>
        created.Backend is null
            ? created
            : (new ResilientBackend(created.Backend, context.Time, new ResilienceOptions { SingleFlight = singleFlight }), created.Errors);

    private static bool IsTrue(string? value) => value?.Trim().ToUpperInvariant() is "TRUE" or "YES" or "1";
}
