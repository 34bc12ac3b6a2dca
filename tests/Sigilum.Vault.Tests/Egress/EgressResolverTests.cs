using System.Net;

namespace Sigilum.Vault.Egress;

/// <summary>PRX-02: one lookup, every answer classified, the returned endpoint is a checked address (never a denied one).</summary>
public sealed class EgressResolverTests
{
    private static TargetAuthority Target() => TargetAuthority.TryParse("api.example.com:443", null, out var target) ? target : throw new InvalidOperationException();

    private static (EgressResolver Resolver, Func<int> Lookups) Resolver(params string[] answers)
    {
        var lookups = 0;
        var resolver = new EgressResolver((_, _) =>
        {
            lookups++;
            return Task.FromResult(answers.Select(IPAddress.Parse).ToArray());
        });
        return (resolver, () => lookups);
    }

    [Theory]
    [InlineData("93.184.216.34", "127.0.0.1")]
    [InlineData("127.0.0.1", "93.184.216.34")]
    [InlineData("10.0.0.1", "169.254.169.254", "93.184.216.34")]
    public async Task PRX_02_PublicAndPrivateAnswers_PrivateNotAllowed_OnlyThePublicAddressIsReturned(params string[] answers)
    {
        var (resolver, lookups) = Resolver(answers);

        var decision = await resolver.ResolveAsync(Target(), allowPrivate: false, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.Parse("93.184.216.34"), 443), decision.Endpoint);
        Assert.False(decision.IsPrivate);
        Assert.Equal(1, lookups());
    }

    [Fact]
    public async Task PRX_02_OnlyPrivateAnswers_PrivateNotAllowed_Denied403()
    {
        var (resolver, lookups) = Resolver("10.0.0.1", "::1", "fd00::1");

        var decision = await resolver.ResolveAsync(Target(), allowPrivate: false, CancellationToken.None);

        Assert.Null(decision.Endpoint);
        Assert.Equal(("egress_denied", 403), (decision.Code, decision.Status));
        Assert.Equal(1, lookups());
    }

    [Fact]
    public async Task PRX_02_PrivateAllowedByTheRoute_FirstAnswerReturnedAndMarkedPrivate()
    {
        var (resolver, _) = Resolver("127.0.0.1", "93.184.216.34");

        var decision = await resolver.ResolveAsync(Target(), allowPrivate: true, CancellationToken.None);

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 443), decision.Endpoint);
        Assert.True(decision.IsPrivate);
    }
}
