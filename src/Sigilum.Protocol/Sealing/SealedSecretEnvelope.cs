using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Sealing;

/// <summary>
/// A provider secret sealed to one gateway (format v1, ADR 0018):
/// <c>{"v":1,"kid":…,"epk":…,"iv":…,"ct":…}</c>, every value unpadded base64url except <c>v</c>.
/// </summary>
/// <param name="Kid">base64url(SHA-256(recipient SPKI DER)): which gateway key it was sealed to.</param>
/// <param name="Epk">base64url of the sender's 65-byte uncompressed ephemeral P-256 point.</param>
/// <param name="Iv">base64url of the 12-byte AES-GCM nonce.</param>
/// <param name="Ct">base64url of the ciphertext followed by the 16-byte tag (the WebCrypto layout).</param>
public sealed record SealedSecretEnvelope(string Kid, string Epk, string Iv, string Ct)
{
    /// <summary>The only format version.</summary>
    public const int Version = 1;

    /// <summary>The envelope as compact JSON with the members in the order above.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes the envelope as one JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("v", Version);
        writer.WriteString("kid", Kid);
        writer.WriteString("epk", Epk);
        writer.WriteString("iv", Iv);
        writer.WriteString("ct", Ct);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Reads an envelope strictly: an object with exactly <c>v</c> (the number 1), <c>kid</c>, <c>epk</c>,
    /// <c>iv</c> and <c>ct</c> (strings); anything else is <see cref="ErrorCatalogue.SealedSecretInvalid"/>.
    /// </summary>
    public static Result<SealedSecretEnvelope> Parse(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Fail("the envelope is not a JSON object");
        }
        string? kid = null, epk = null, iv = null, ct = null;
        var version = false;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "v" when !version && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var v) && v == Version:
                    version = true;
                    break;
                case "kid" when kid is null && property.Value.ValueKind == JsonValueKind.String:
                    kid = property.Value.GetString();
                    break;
                case "epk" when epk is null && property.Value.ValueKind == JsonValueKind.String:
                    epk = property.Value.GetString();
                    break;
                case "iv" when iv is null && property.Value.ValueKind == JsonValueKind.String:
                    iv = property.Value.GetString();
                    break;
                case "ct" when ct is null && property.Value.ValueKind == JsonValueKind.String:
                    ct = property.Value.GetString();
                    break;
                default:
                    return Fail($"unexpected, repeated or mistyped member '{property.Name}'");
            }
        }
        return version && kid is not null && epk is not null && iv is not null && ct is not null
            ? Result<SealedSecretEnvelope>.Ok(new SealedSecretEnvelope(kid, epk, iv, ct))
            : Fail("v (1), kid, epk, iv and ct are all required");
    }

    private static Result<SealedSecretEnvelope> Fail(string reason) => Result<SealedSecretEnvelope>.Fail(ErrorCatalogue.SealedSecretInvalid, "Sealed secret: " + reason + ".");
}
