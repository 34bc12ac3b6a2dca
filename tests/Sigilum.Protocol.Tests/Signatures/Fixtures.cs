using Sigilum.Protocol.Identity;

namespace Sigilum.Protocol.Signatures;

/// <summary>Identities and requests shared by the signature tests.</summary>
internal static class Fixtures
{
    /// <summary>The public fixture identity without its extra certificate field, as the golden vectors used it.</summary>
    public static SigningIdentity FixtureAlice() => SigningIdentity.FromRecord(IdentityRecord.Parse(TestData.FixtureIdentityJson).Value!);

    public static SigningIdentity Fresh(string ns = "alice") =>
        SigningIdentity.FromRecord(IdentityRecord.Create(ns, new FakeTimeProvider(ConformanceVectors.Created)));

    public static SignOptions FixedOptions => new() { Created = ConformanceVectors.Created, Nonce = ConformanceVectors.Nonce };

    public static VerifyRequest ToVerifyRequest(SignedRequest signed, string? body, string? method = null) => new()
    {
        Method = method ?? signed.Method,
        TargetUri = signed.TargetUri,
        Headers = signed.Headers,
        Body = ConformanceVectors.BodyBytes(body),
    };

    public static VerifyOptions At(long unixSeconds, Func<string, string, bool>? nonces = null, TimeSpan? maxAge = null) => new()
    {
        Time = new FakeTimeProvider(unixSeconds),
        MaxAge = maxAge ?? TimeSpan.FromSeconds(60),
        TryRecordNonce = nonces,
    };

    /// <summary>An in-memory nonce set keyed by namespace and nonce.</summary>
    public static Func<string, string, bool> NonceSet()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return (ns, nonce) => seen.Add(ns + "\0" + nonce);
    }
}
