using System.Text;
using Sigilum.Core.Secrets;

namespace Sigilum.Vault.Release;

/// <summary>The echo scrubber's spellings derived once per backend value, not per release (ADR 0044, issue 13).</summary>
public sealed class EchoSpellingsCacheTests
{
    private static readonly byte[] First = Encoding.ASCII.GetBytes("sk-first-secret-value-1234");
    private static readonly byte[] Second = Encoding.ASCII.GetBytes("sk-rotated-secret-value-5678");

    [Fact]
    public void Lease_SameValueTwice_DerivedOnceAndShared()
    {
        using var cache = new EchoSpellingsCache();

        var a = cache.Lease("env1", "API_KEY", First, EchoMarker.Vault);
        var b = cache.Lease("env1", "API_KEY", First, EchoMarker.Vault);

        Assert.Same(a, b);
        Assert.Equal(1, cache.Derived);
        a.ReleaseReference();
        b.ReleaseReference();
    }

    [Fact]
    public void Lease_ValueRotated_NewSpellingsOldZeroedOnlyAfterItsLastResponse()
    {
        using var cache = new EchoSpellingsCache();
        var old = cache.Lease("env1", "API_KEY", First, EchoMarker.Vault);

        var fresh = cache.Lease("env1", "API_KEY", Second, EchoMarker.Vault);

        Assert.NotSame(old, fresh);
        Assert.Equal(2, cache.Derived);
        // The response still scrubbing with the old spellings keeps them usable...
        Assert.True(old.TryAddReference());
        old.ReleaseReference();
        // ...and its release is the last one: they are zeroed and can no longer be leased.
        old.ReleaseReference();
        Assert.False(old.TryAddReference());
        fresh.ReleaseReference();
    }

    [Fact]
    public void Lease_SameValueUnderAnotherReference_OwnEntry()
    {
        using var cache = new EchoSpellingsCache();

        var a = cache.Lease("env1", "API_KEY", First, EchoMarker.Vault);
        var b = cache.Lease("env1", "OTHER_KEY", First, EchoMarker.Vault);

        Assert.NotSame(a, b);
        Assert.Equal(2, cache.Derived);
        a.ReleaseReference();
        b.ReleaseReference();
    }

    [Fact]
    public void PRX_18_LeasedSpellings_ScrubTheValueInEverySpelling()
    {
        using var cache = new EchoSpellingsCache();
        var spellings = cache.Lease("env1", "API_KEY", First, EchoMarker.Vault);
        using (var scrubber = new SecretScrubber(spellings))
        {
            var raw = scrubber.ScrubText("Bearer " + Encoding.ASCII.GetString(First));
            var base64 = scrubber.ScrubText(Convert.ToBase64String(First));

            Assert.Equal("Bearer " + EchoMarker.Vault, raw);
            Assert.DoesNotContain(Convert.ToBase64String(First), base64, StringComparison.Ordinal);
        }
        spellings.ReleaseReference();
    }

    [Fact]
    public void Dispose_NoResponseHoldsThem_SpellingsZeroed()
    {
        var cache = new EchoSpellingsCache();
        var spellings = cache.Lease("env1", "API_KEY", First, EchoMarker.Vault);
        spellings.ReleaseReference();

        cache.Dispose();

        Assert.False(spellings.TryAddReference());
    }
}
