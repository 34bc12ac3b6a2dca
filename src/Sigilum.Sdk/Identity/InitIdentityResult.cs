using Sigilum.Protocol.Identity;

namespace Sigilum.Sdk.Identity;

/// <summary>The outcome of <see cref="IdentityStore.InitIdentity"/>.</summary>
/// <param name="Created">True when a new key was generated; false when an existing identity was loaded.</param>
/// <param name="Record">The identity (it holds the private seed: keep it in memory only as long as needed).</param>
/// <param name="Path">Absolute path of the identity file.</param>
public sealed record InitIdentityResult(bool Created, IdentityRecord Record, string Path);
