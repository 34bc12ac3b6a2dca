using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Intents;

/// <summary>
/// Sigil's <c>pg-commit-v1</c> commitment to an intent: <c>txCommit</c> = lower-case hex SHA-256 of the
/// intent's canonical JSON (keys sorted by UTF-16 code unit, no whitespace), and the attestation's
/// <c>intentHash</c> = lower-case hex SHA-256 of the UTF-8 bytes of the <c>txCommit</c> hex text.
/// </summary>
/// <param name="TxCommit">64 lower-case hex digits.</param>
/// <param name="IntentHash">64 lower-case hex digits.</param>
public sealed record IntentCommitment(string TxCommit, string IntentHash)
{
    /// <summary>Commits to any JSON intent object.</summary>
    public static IntentCommitment Compute(JsonObject intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var txCommit = Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.SerializeToUtf8(intent)));
        return new IntentCommitment(txCommit, IntentHashOf(txCommit));
    }

    /// <summary>The <c>intentHash</c> for a <c>txCommit</c> (hashes the hex text, not the digest bytes).</summary>
    public static string IntentHashOf(string txCommit)
    {
        ArgumentNullException.ThrowIfNull(txCommit);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(txCommit)));
    }
}
