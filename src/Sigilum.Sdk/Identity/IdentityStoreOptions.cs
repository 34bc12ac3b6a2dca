namespace Sigilum.Sdk.Identity;

/// <summary>Settings for an <see cref="IdentityStore"/>. Every member has a working default.</summary>
public sealed record IdentityStoreOptions
{
    /// <summary>The Sigilum home directory; null resolves through <see cref="SigilumHome.Resolve"/>.</summary>
    public string? HomeDirectory { get; init; }

    /// <summary>Clock used for the timestamps of new identities.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Environment lookup for <c>SIGILUM_HOME</c> and <c>SIGILUM_NAMESPACE</c>; null reads the process
    /// environment. Tests and hosts with their own configuration pass a function instead.
    /// </summary>
    public Func<string, string?>? GetEnvironmentVariable { get; init; }
}
