using System.Net;
using Sigilum.Testing;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// The vault's half of reliability PRX-18 with the scrubber it shares with the gateway: an upstream that
/// echoes the injected credential in any common spelling, in a header or in a body streamed in two chunks
/// with the echo split between them, never gets it to the agent.
/// </summary>
public sealed class CredentialReflectionTests
{
    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public async Task PRX_18_UpstreamEchoesCredentialSplitAcrossChunksAndInHeader_EverySpellingRedacted(string spelling)
    {
        await using var harness = await VaultHarness.StartAsync();
        harness.Environment[VaultHarness.SecretVariable] = EchoSpellings.AwkwardSecret;
        var echoed = EchoSpellings.Spell(spelling, EchoSpellings.AwkwardSecret);
        var client = harness.CreateClient();

        using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/echo-as?form=" + spelling));
        var body = await response.Content.ReadAsStringAsync();
        var header = response.Headers.GetValues("X-Echo").Single();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + EchoSpellings.AwkwardSecret, Assert.Single(harness.Upstream.Received).Authorization);
        Assert.DoesNotContain(echoed, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:sigil-vault]", body, StringComparison.Ordinal);
        Assert.DoesNotContain(echoed, header, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:sigil-vault]", header, StringComparison.Ordinal);
    }
}
