using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.ControlPlane.Passkeys;

/// <summary>
/// A WebAuthn authenticator in software (ES256, "none" attestation), so each server-side check can be tested alone:
/// every answer is well formed and correctly signed unless the test asks for one thing to be wrong (origin,
/// relying-party id, counter, signature).
/// </summary>
internal sealed class SoftwareAuthenticator : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(16);

    public string CredentialIdText => Base64Url.EncodeToString(CredentialId);

    public byte[] UserHandle { get; private set; } = [];

    /// <summary>The answer to <c>navigator.credentials.create</c> for <paramref name="optionsJson"/>, as the browser's <c>toJSON()</c> gives it.</summary>
    public string Register(string optionsJson, string origin, string rpId, uint counter = 0)
    {
        using var options = JsonDocument.Parse(optionsJson);
        var challenge = options.RootElement.GetProperty("challenge").GetString()!;
        UserHandle = Base64Url.DecodeFromChars(options.RootElement.GetProperty("user").GetProperty("id").GetString());
        var clientData = ClientData("webauthn.create", challenge, origin);
        var key = _key.ExportParameters(includePrivateParameters: false);
        var cose = new CborWriter();
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(key.Q.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(key.Q.Y!);
        cose.WriteEndMap();
        var attested = new byte[16 + 2 + CredentialId.Length];
        BinaryPrimitives.WriteUInt16BigEndian(attested.AsSpan(16), (ushort)CredentialId.Length);
        CredentialId.CopyTo(attested.AsSpan(18));
        var authData = Concat(AuthDataHead(rpId, flags: 0x45, counter), attested, cose.Encode());
        var attestation = new CborWriter();
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authData);
        attestation.WriteEndMap();
        return new JsonObject
        {
            ["id"] = CredentialIdText,
            ["rawId"] = CredentialIdText,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["transports"] = new JsonArray("internal"),
            },
            ["clientExtensionResults"] = new JsonObject(),
        }.ToJsonString();
    }

    /// <summary>The answer to <c>navigator.credentials.get</c> for <paramref name="optionsJson"/>.</summary>
    public string Assert(string optionsJson, string origin, string rpId, uint counter, bool corruptSignature = false)
    {
        using var options = JsonDocument.Parse(optionsJson);
        var challenge = options.RootElement.GetProperty("challenge").GetString()!;
        var clientData = ClientData("webauthn.get", challenge, origin);
        var authData = AuthDataHead(rpId, flags: 0x05, counter);
        var signature = _key.SignData(Concat(authData, SHA256.HashData(clientData)), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (corruptSignature)
        {
            signature[^1] ^= 0x01;
        }
        return new JsonObject
        {
            ["id"] = CredentialIdText,
            ["rawId"] = CredentialIdText,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["authenticatorData"] = Base64Url.EncodeToString(authData),
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["signature"] = Base64Url.EncodeToString(signature),
                ["userHandle"] = Base64Url.EncodeToString(UserHandle),
            },
            ["clientExtensionResults"] = new JsonObject(),
        }.ToJsonString();
    }

    public void Dispose() => _key.Dispose();

    private static byte[] ClientData(string type, string challenge, string origin) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["type"] = type, ["challenge"] = challenge, ["origin"] = origin, ["crossOrigin"] = false }.ToJsonString());

    private static byte[] AuthDataHead(string rpId, byte flags, uint counter)
    {
        var head = new byte[37];
        SHA256.HashData(Encoding.UTF8.GetBytes(rpId)).CopyTo(head, 0);
        head[32] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(head.AsSpan(33), counter);
        return head;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        var all = new byte[parts.Sum(p => p.Length)];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(all, offset);
            offset += part.Length;
        }
        return all;
    }
}
