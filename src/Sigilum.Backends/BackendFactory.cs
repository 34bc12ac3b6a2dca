using Sigilum.Backends.Env;

namespace Sigilum.Backends;

/// <summary>
/// Builds a backend from its definition, validating every option first: an unknown kind, a missing
/// required option or an unknown option is an error that names it, and nothing is built.
/// </summary>
public static class BackendFactory
{
    /// <summary>The kinds this build knows, in the order help lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [EnvBackend.KindName];

    /// <summary>Builds <paramref name="definition"/>; on failure returns null and the reasons.</summary>
    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(context);
        return definition.Kind switch
        {
            EnvBackend.KindName => EnvBackend.Create(definition, context),
            _ => (null, [$"Unknown backend kind '{definition.Kind}'. Known kinds: {string.Join(", ", Kinds)}."]),
        };
    }
}
