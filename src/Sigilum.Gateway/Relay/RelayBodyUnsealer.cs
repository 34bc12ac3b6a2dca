using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Sigilum.Protocol.Sealing;

namespace Sigilum.Gateway.Relay;

/// <summary>
/// Turns a relayed admin body with sealed secrets into the body the admin API takes (ADR 0018):
/// <c>"sealed_secrets": {"K": envelope, …}</c> becomes <c>"secrets": {"K": "plaintext", …}</c> and
/// <c>"sealed_value": envelope</c> becomes <c>"value": "plaintext"</c>; every other member is copied as it is.
/// All envelopes must open with this gateway's key, or nothing is dispatched. The returned body holds
/// plaintext: the caller zeroes it after use; every intermediate buffer is zeroed here.
/// </summary>
internal static class RelayBodyUnsealer
{
    public const string SealedSecretsMember = "sealed_secrets";
    public const string SealedValueMember = "sealed_value";

    /// <summary>The body to dispatch (null when <paramref name="body"/> is), or the reason it cannot be opened.</summary>
    public static (byte[]? Body, string? Error) Unseal(string? body, RelayKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (body is null)
        {
            return (null, null);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            // Not JSON: nothing to open; the admin API answers INVALID_JSON itself.
            return (System.Text.Encoding.UTF8.GetBytes(body), null);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object ||
                !(root.TryGetProperty(SealedSecretsMember, out _) || root.TryGetProperty(SealedValueMember, out _)))
            {
                return (System.Text.Encoding.UTF8.GetBytes(body), null);
            }
            if (root.EnumerateObject().Any(p => p.NameEquals("secrets") || p.NameEquals("value")))
            {
                return (null, "A body may carry sealed or plaintext secrets, not both.");
            }
            var output = new ArrayBufferWriter<byte>(body.Length * 2);
            try
            {
                using (var writer = new Utf8JsonWriter(output))
                {
                    writer.WriteStartObject();
                    foreach (var property in root.EnumerateObject())
                    {
                        if (property.NameEquals(SealedSecretsMember))
                        {
                            if (property.Value.ValueKind != JsonValueKind.Object)
                            {
                                return (null, "sealed_secrets must be an object of envelopes.");
                            }
                            writer.WriteStartObject("secrets");
                            foreach (var secret in property.Value.EnumerateObject())
                            {
                                if (WriteOpened(writer, secret.Name, secret.Value, key) is { } error)
                                {
                                    return (null, error);
                                }
                            }
                            writer.WriteEndObject();
                        }
                        else if (property.NameEquals(SealedValueMember))
                        {
                            if (WriteOpened(writer, "value", property.Value, key) is { } error)
                            {
                                return (null, error);
                            }
                        }
                        else
                        {
                            property.WriteTo(writer);
                        }
                    }
                    writer.WriteEndObject();
                }
                return (output.WrittenSpan.ToArray(), null);
            }
            finally
            {
                // Zeroes the whole buffer, plaintext included.
                output.Clear();
            }
        }
    }

    private static string? WriteOpened(Utf8JsonWriter writer, string name, JsonElement value, RelayKey key)
    {
        var envelope = SealedSecretEnvelope.Parse(value);
        if (!envelope.IsSuccess)
        {
            return envelope.Error.Reason;
        }
        var opened = key.Open(envelope.Value);
        if (!opened.IsSuccess)
        {
            return opened.Error.Reason;
        }
        try
        {
            // The writer would replace invalid sequences silently: a secret is sent as typed or not at all.
            if (!System.Text.Unicode.Utf8.IsValid(opened.Value))
            {
                return "Sealed secret: the plaintext is not UTF-8 text.";
            }
            writer.WriteString(name, opened.Value.AsSpan());
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(opened.Value);
        }
    }
}
