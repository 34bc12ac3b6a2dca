using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Benchmarks;

/// <summary>A deterministic identity and a realistic signed request shared by the suites.</summary>
internal static class BenchmarkFixture
{
    public const string Url = "https://api.openai.example/v1/chat/completions?stream=true";

    public static readonly byte[] Body = System.Text.Encoding.UTF8.GetBytes(
        "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 900) + "\"}]}");

    public static SigningIdentity CreateIdentity()
    {
        var time = new FixedTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        return SigningIdentity.FromRecord(IdentityRecord.Create("bench", time));
    }

    public sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
