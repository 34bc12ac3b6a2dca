using Sigilum.Backends;

namespace Sigilum.Vault.Store;

/// <summary>A configured credential backend (<c>backends add</c>); the options never hold secret values the vault prints.</summary>
internal sealed record BackendConfig(string Name, string Kind, IReadOnlyDictionary<string, string> Options, DateTimeOffset CreatedAt)
{
    public BackendDefinition ToDefinition() => new(Name, Kind, Options);
}
