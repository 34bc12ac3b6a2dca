using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;

namespace Sigilum.Protocol.Dids;

/// <summary>A Sigilum DID, <c>did:sigilum:&lt;namespace&gt;</c>, with the namespace rule of <see cref="SigilumNamespace"/>.</summary>
public sealed record SigilumDid
{
    /// <summary>The method prefix.</summary>
    public const string Prefix = "did:sigilum:";

    private SigilumDid(string ns)
    {
        Namespace = ns;
    }

    /// <summary>The normalised namespace.</summary>
    public string Namespace { get; }

    /// <summary>The DID text.</summary>
    public string Value => Prefix + Namespace;

    /// <summary>The DID for a valid, normalised namespace.</summary>
    public static Result<SigilumDid> FromNamespace(string? ns) =>
        SigilumNamespace.IsValid(ns)
            ? Result<SigilumDid>.Ok(new SigilumDid(ns!))
            : Invalid("The namespace must be 3-64 characters of a-z, 0-9 and inner hyphens.");

    /// <summary>Strict parse: exact prefix and an already normalised namespace (what SDKs and certificates carry).</summary>
    public static Result<SigilumDid> Parse(string? did) =>
        did is not null && did.StartsWith(Prefix, StringComparison.Ordinal)
            ? FromNamespace(did[Prefix.Length..])
            : Invalid("Not a did:sigilum DID.");

    /// <summary>
    /// Lenient parse for operator input, as the control plane accepts it: surrounding whitespace is
    /// trimmed and the namespace lower-cased (<c>did:sigilum:Acme-Team</c> → <c>did:sigilum:acme-team</c>).
    /// The prefix must still be exact.
    /// </summary>
    public static Result<SigilumDid> ParseNormalizing(string? did)
    {
        var trimmed = did?.Trim();
        if (trimmed is null || !trimmed.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Invalid("Not a did:sigilum DID.");
        }
        var ns = trimmed[Prefix.Length..];
        // ASCII first: ToLowerInvariant maps the Kelvin sign U+212A to 'k', which would let a
        // look-alike name land on someone else's namespace. TryNormalize trims, so inner
        // whitespace ("did:sigilum: acme") is refused here too.
        return ns.Length > 0 && System.Text.Ascii.IsValid(ns) && !char.IsWhiteSpace(ns[0]) &&
               SigilumNamespace.TryNormalize(ns, out var normalized)
            ? Result<SigilumDid>.Ok(new SigilumDid(normalized))
            : Invalid("The namespace must be 3-64 characters of letters, digits and inner hyphens.");
    }

    /// <summary>The key id for <paramref name="publicKey"/> under this DID (<see cref="AgentKeys.KeyId"/>).</summary>
    public string KeyId(ReadOnlySpan<byte> publicKey) => AgentKeys.KeyId(Value, publicKey);

    /// <inheritdoc/>
    public override string ToString() => Value;

    private static Result<SigilumDid> Invalid(string reason) => Result<SigilumDid>.Fail(ErrorCatalogue.DidSigilumInvalid, reason);
}
