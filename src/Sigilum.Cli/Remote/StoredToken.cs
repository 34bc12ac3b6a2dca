namespace Sigilum.Cli.Remote;

/// <summary>An owner token as kept on disk: for one namespace on one control plane.</summary>
internal sealed record StoredToken(string ApiUrl, string Namespace, string Token, string OwnerId, DateTimeOffset ExpiresAt, DateTimeOffset CreatedAt);
