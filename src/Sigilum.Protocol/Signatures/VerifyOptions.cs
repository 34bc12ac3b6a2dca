namespace Sigilum.Protocol.Signatures;

/// <summary>Policy for one verification.</summary>
public sealed record VerifyOptions
{
    /// <summary>Clock for the created window.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Largest accepted age of <c>created</c>; null skips the window check (SDK default).</summary>
    public TimeSpan? MaxAge { get; init; }

    /// <summary>
    /// How far in the future <c>created</c> may be. The reference verifiers allow none; gateways may allow
    /// a few seconds for clock drift between machines.
    /// </summary>
    public TimeSpan FutureSkew { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Records <c>(namespace, nonce)</c> and returns true when it was new, false for a replay. Called only
    /// after the signature verifies, so forged requests cannot burn a victim's nonces. Null skips replay
    /// protection (the caller must then have another).
    /// </summary>
    public Func<string, string, bool>? TryRecordNonce { get; init; }

    /// <summary>Namespace the caller requires, or null.</summary>
    public string? ExpectedNamespace { get; init; }

    /// <summary>Subject the caller requires, or null.</summary>
    public string? ExpectedSubject { get; init; }

    /// <summary>Accept the component sequences that cover <c>sigilum-agent-id</c> (gateways only).</summary>
    public bool AllowAgentIdComponent { get; init; }
}
