using System.Collections.Concurrent;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Remembers certificate headers whose proof already verified. The proof is a pure function of the
/// header text, so a hit is exactly as trustworthy as re-verifying, and it saves one Ed25519
/// verification per request from an agent we have seen. Only successes are kept; the cache is bounded
/// and simply starts over when full (no eviction bookkeeping on the hot path).
/// </summary>
internal static class VerifiedCertificateCache
{
    private const int Capacity = 4096;
    private static readonly ConcurrentDictionary<string, AgentCertificate> Verified = new(StringComparer.Ordinal);

    public static Result<AgentCertificate> ParseAndVerify(string? header)
    {
        if (header is not null && Verified.TryGetValue(header, out var cached))
        {
            return Result<AgentCertificate>.Ok(cached);
        }
        var parsed = AgentCertificate.ParseHeader(header);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }
        if (!parsed.Value.VerifyProof())
        {
            return Result<AgentCertificate>.Fail(ErrorCatalogue.SigCertInvalid, "The agent certificate proof does not verify.");
        }
        if (Verified.Count >= Capacity)
        {
            Verified.Clear();
        }
        Verified[header!] = parsed.Value;
        return parsed;
    }
}
