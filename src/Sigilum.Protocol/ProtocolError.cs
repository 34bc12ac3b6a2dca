namespace Sigilum.Protocol;

/// <summary>An expected failure: a stable machine-readable code and a human-readable reason.</summary>
/// <param name="Code">Stable code, e.g. <c>SIG_CERT_INVALID</c> or <c>IDENTITY_INVALID</c>.</param>
/// <param name="Reason">One sentence for people; never contains secret material.</param>
public sealed record ProtocolError(string Code, string Reason)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Reason}";
}
