namespace Sigilum.Gateway.Relay;

/// <summary>The outcome of the last relay stream attempt, published as one object so status reads are consistent.</summary>
internal sealed record RelayAttempt(int? StatusCode, string? Error);
