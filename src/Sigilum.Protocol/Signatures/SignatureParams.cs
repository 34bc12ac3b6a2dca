using System.Text;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.StructuredFields;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// The signature parameters of the one <c>sig1</c> label:
/// <c>(&lt;components&gt;);created=&lt;n&gt;;keyid="…";alg="ed25519";nonce="…"</c> (spec §1.2).
/// </summary>
public sealed record SignatureParams
{
    /// <summary>Longest nonce accepted; a UUID is 36 characters (reliability RPL-05).</summary>
    public const int MaxNonceLength = 128;

    /// <summary>Shortest nonce accepted: base64url of 16 random bytes (128 bits) is 22 characters (RPL-05, ADR 0025).</summary>
    public const int MinNonceLength = 22;

    /// <summary>Fewest distinct characters a nonce may have, so constant strings are refused (RPL-05, ADR 0025).</summary>
    public const int MinNonceDistinctCharacters = 6;

    /// <summary>Covered component identifiers, in order.</summary>
    public required IReadOnlyList<string> Components { get; init; }

    /// <summary>Unix seconds at signing.</summary>
    public required long Created { get; init; }

    /// <summary>The certificate key id.</summary>
    public required string KeyId { get; init; }

    /// <summary>Algorithm as sent (compared case-insensitively, emitted lower-case).</summary>
    public string Algorithm { get; init; } = SigilumHeaders.Algorithm;

    /// <summary>Per-request nonce.</summary>
    public required string Nonce { get; init; }

    /// <summary>
    /// The signature-params text, exactly the form the reference verifiers rebuild: quoted components
    /// separated by single spaces, then created, keyid, alg (lower-case), nonce in that order.
    /// </summary>
    public string ToText()
    {
        var builder = new StringBuilder(EstimatedLength);
        AppendText(builder, SigilumHeaders.Algorithm);
        return builder.ToString();
    }

    // Components, quotes and separators plus the parameter values: enough that the builder never grows.
    private int EstimatedLength
    {
        get
        {
            var length = 64 + KeyId.Length + Nonce.Length + Algorithm.Length;
            foreach (var component in Components)
            {
                length += component.Length + 3;
            }
            return length;
        }
    }

    /// <summary>
    /// Appends the signature-params text with <paramref name="algorithm"/> written as given (unescaped: the profile's
    /// value, or for the exact-form check the value as sent, as before). Strings are escaped as RFC 9651 §4.1.6 says.
    /// </summary>
    private void AppendText(StringBuilder builder, string algorithm)
    {
        builder.Append('(');
        for (var i = 0; i < Components.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            StructuredFieldSerializer.AppendString(builder, Components[i]);
        }
        builder.Append(");created=").Append(Created.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(";keyid=");
        StructuredFieldSerializer.AppendString(builder, KeyId);
        builder.Append(";alg=\"").Append(algorithm).Append("\";nonce=");
        StructuredFieldSerializer.AppendString(builder, Nonce);
    }

    /// <summary>
    /// Parses a received <c>Signature-Input</c> with a real structured-field parser, then requires the
    /// profile's exact shape: a single <c>sig1</c> member, string components without parameters,
    /// exactly the parameters created/keyid/alg/nonce in that order, and a text that re-serialises to
    /// itself (so no spelling the reference regex would refuse slips through).
    /// </summary>
    public static Result<SignatureParams> Parse(string? header)
    {
        const string Code = ErrorCatalogue.SigSignatureInputInvalid;
        var parsed = StructuredFieldParser.ParseDictionary(header);
        if (!parsed.IsSuccess)
        {
            return Result<SignatureParams>.Fail(Code, "The signature-input header is malformed: " + parsed.Error.Reason);
        }
        if (parsed.Value.Count != 1 || parsed.Value[0].Key != SigilumHeaders.Label || parsed.Value[0].InnerList is not { } list)
        {
            return Result<SignatureParams>.Fail(Code, "The signature-input header must hold exactly one sig1 inner list.");
        }
        var components = new List<string>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item.Value.Kind != BareItemKind.String || item.Parameters.Count != 0)
            {
                return Result<SignatureParams>.Fail(Code, "Signature components must be quoted names without parameters.");
            }
            if (components.Contains(item.Value.Text!))
            {
                return Result<SignatureParams>.Fail(Code, "A signature component is listed twice.");
            }
            components.Add(item.Value.Text!);
        }
        var p = list.Parameters;
        if (p.Count != 4 || p[0].Key != "created" || p[1].Key != "keyid" || p[2].Key != "alg" || p[3].Key != "nonce" ||
            p[0].Value.Kind != BareItemKind.Integer || p[1].Value.Kind != BareItemKind.String ||
            p[2].Value.Kind != BareItemKind.String || p[3].Value.Kind != BareItemKind.String)
        {
            return Result<SignatureParams>.Fail(Code, "The signature parameters must be created, keyid, alg and nonce, in that order.");
        }
        var result = new SignatureParams
        {
            Components = components,
            Created = p[0].Value.Integer,
            KeyId = p[1].Value.Text!,
            Algorithm = p[2].Value.Text!,
            Nonce = p[3].Value.Text!,
        };
        // The text with the algorithm as sent must be the header, character for character.
        var canonical = new StringBuilder(header!.Length + 16);
        canonical.Append(SigilumHeaders.Label).Append('=');
        result.AppendText(canonical, result.Algorithm);
        if (!canonical.Equals(header.AsSpan()))
        {
            return Result<SignatureParams>.Fail(Code, "The signature-input header is not in the profile's exact form.");
        }
        return Result<SignatureParams>.Ok(result);
    }

    /// <summary>
    /// The signature-params text of a <paramref name="header"/> that <see cref="Parse"/> accepted as <paramref name="parameters"/>:
    /// the header after <c>sig1=</c> when the algorithm was sent exactly as the profile writes it (then the two are
    /// equal by Parse's exact-form check, and no second copy is built), else <see cref="ToText"/>.
    /// </summary>
    internal static string TextOf(SignatureParams parameters, string header) =>
        string.Equals(parameters.Algorithm, SigilumHeaders.Algorithm, StringComparison.Ordinal)
            ? header[(SigilumHeaders.Label.Length + 1)..]
            : parameters.ToText();
}
