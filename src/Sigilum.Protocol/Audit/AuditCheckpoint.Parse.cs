using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Audit;

public sealed partial class AuditCheckpoint
{
    private const string NodeMember = "node";
    private const string HeadMember = "head";
    private const string PublicKeyMember = "publicKey";
    private const string SigMember = "sig";
    private const int MaxJsonBytes = 4096;

    private static readonly string[] KnownMembers = [AuditJson.V, NodeMember, AuditJson.Seq, HeadMember, AuditJson.Ts, PublicKeyMember, SigMember];

    /// <summary>
    /// Parses a checkpoint's JSON. Member order and whitespace are free (a database may reformat
    /// it; the signature covers the canonical form rebuilt from the values), but unknown members
    /// are refused so nothing unsigned rides along. The signature is not checked here: call
    /// <see cref="VerifySignature"/> or let <see cref="AuditChainVerifier"/> do it.
    /// Fails with <see cref="ErrorCatalogue.AuditCheckpointInvalid"/>.
    /// </summary>
    public static Result<AuditCheckpoint> Parse(ReadOnlySpan<byte> json)
    {
        if (json.Length > MaxJsonBytes)
        {
            return Invalid($"checkpoint is longer than {MaxJsonBytes} bytes");
        }
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            return Invalid("checkpoint is not valid UTF-8");
        }
        try
        {
            return JsonNode.Parse(json, nodeOptions: null, AuditJson.ParseOptions) is JsonObject obj
                ? FromObject(obj)
                : Invalid("checkpoint is not a JSON object");
        }
        catch (JsonException)
        {
            return Invalid("checkpoint is not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // Names and strings decode lazily; an escaped lone surrogate only throws then.
            return Invalid("checkpoint contains an invalid string escape");
        }
    }

    private static Result<AuditCheckpoint> FromObject(JsonObject obj)
    {
        foreach (var (name, _) in obj)
        {
            if (Array.IndexOf(KnownMembers, name) < 0)
            {
                return Invalid($"unknown checkpoint member '{name}'");
            }
        }
        if (!AuditJson.TryGetInt64(obj, AuditJson.V, out var version) || version != CurrentVersion)
        {
            return Invalid("'v' is missing or not a supported version");
        }
        if (!AuditJson.TryGetString(obj, NodeMember, out var node) || !IsValidNode(node))
        {
            return Invalid($"'node' is missing or not 1-{MaxNodeLength} visible ASCII characters");
        }
        if (!AuditJson.TryGetInt64(obj, AuditJson.Seq, out var seq) || seq < 0)
        {
            return Invalid("'seq' is missing or negative");
        }
        if (!AuditJson.TryGetString(obj, HeadMember, out var head) || !AuditHash.IsValid(head))
        {
            return Invalid("'head' is missing or not 64 lowercase hex digits");
        }
        if (!AuditJson.TryGetString(obj, AuditJson.Ts, out var tsText) || !AuditTimestamp.TryParse(tsText, out var ts))
        {
            return Invalid("'ts' is missing or not RFC 3339 UTC with milliseconds");
        }
        if (!AuditJson.TryGetString(obj, PublicKeyMember, out var keyText) || !AgentKeys.TryParse(keyText, out var publicKey))
        {
            return Invalid("'publicKey' is missing or not ed25519:<base64 of 32 bytes>");
        }
        if (!AuditJson.TryGetString(obj, SigMember, out var sig) || !Base64Url.TryDecode(sig, out var sigBytes) || sigBytes.Length != Ed25519.SignatureSize)
        {
            return Invalid("'sig' is missing or not base64url of 64 bytes");
        }
        return Result<AuditCheckpoint>.Ok(new AuditCheckpoint(node, seq, head, ts, publicKey, sig));
    }

    /// <summary>Parses a checkpoint's JSON text. See <see cref="Parse(ReadOnlySpan{byte})"/>.</summary>
    public static Result<AuditCheckpoint> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    private static Result<AuditCheckpoint> Invalid(string reason) => Result<AuditCheckpoint>.Fail(ErrorCatalogue.AuditCheckpointInvalid, reason);
}
