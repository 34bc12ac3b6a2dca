namespace Sigilum.Testing.Fakes;

/// <summary>An access key the fake AWS knows: long-term (no token) or temporary from its STS.</summary>
public sealed record FakeAwsKey(string AccessKeyId, string SecretAccessKey, string PrincipalArn, string? SessionToken = null, DateTimeOffset? Expiration = null);
