using System.Buffers;
using System.Text;
using Sigilum.Testing;

namespace Sigilum.Core.Secrets;

/// <summary>
/// The echo scrubber's spellings derived once and shared by many responses (ADR 0044): each response keeps its own
/// held-back tail, and the spellings are zeroed only when the last reference is released.
/// </summary>
public sealed class SecretSpellingsTests
{
    private const string Marker = "[REDACTED:test]";

    private const string Secret = "sk-live-SHARED-0123";

    private static SecretSpellings Spellings(string secret = Secret) => new([Encoding.UTF8.GetBytes(secret)], Marker);

    private static string Scrub(SecretSpellings spellings, params string[] chunks)
    {
        using var scrubber = new SecretScrubber(spellings);
        var output = new ArrayBufferWriter<byte>();
        foreach (var chunk in chunks)
        {
            scrubber.Process(Encoding.UTF8.GetBytes(chunk), output);
        }
        scrubber.Flush(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public void PRX_18_SharedSpellings_EverySpellingReplacedForEveryResponse(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, EchoSpellings.AwkwardSecret);
        using var spellings = Spellings(EchoSpellings.AwkwardSecret);

        for (var response = 0; response < 3; response++)
        {
            var scrubbed = Scrub(spellings, "a " + echoed[..5], echoed[5..] + " z");

            // basic-auth keeps the base64 characters that mix the secret's bits with "user:" around the marker.
            Assert.DoesNotContain(echoed, scrubbed, StringComparison.Ordinal);
            Assert.Contains(Marker, scrubbed, StringComparison.Ordinal);
            Assert.True(scrubbed.StartsWith("a ", StringComparison.Ordinal) && scrubbed.EndsWith(" z", StringComparison.Ordinal), scrubbed);
        }
    }

    [Fact]
    public void Process_TwoScrubbersInterleaved_EachKeepsItsOwnHeldBackTail()
    {
        using var spellings = Spellings();
        using var first = new SecretScrubber(spellings);
        using var second = new SecretScrubber(spellings);
        var firstOutput = new ArrayBufferWriter<byte>();
        var secondOutput = new ArrayBufferWriter<byte>();

        first.Process(Encoding.UTF8.GetBytes("1:" + Secret[..6]), firstOutput);
        second.Process(Encoding.UTF8.GetBytes("2:" + Secret[..3]), secondOutput);
        first.Process(Encoding.UTF8.GetBytes(Secret[6..] + "!"), firstOutput);
        second.Process(Encoding.UTF8.GetBytes("x"), secondOutput);
        first.Flush(firstOutput);
        second.Flush(secondOutput);

        Assert.Equal("1:" + Marker + "!", Encoding.UTF8.GetString(firstOutput.WrittenSpan));
        Assert.Equal("2:" + Secret[..3] + "x", Encoding.UTF8.GetString(secondOutput.WrittenSpan));
        Assert.True(first.Found);
        Assert.False(second.Found);
    }

    [Fact]
    public void MEM_01_CreatorDisposesWhileAResponseHoldsAReference_ZeroedOnlyAfterTheLastRelease()
    {
        var spellings = Spellings();
        Assert.True(spellings.TryAddReference());

        spellings.Dispose();

        Assert.False(spellings.IsZeroed);
        Assert.Equal("k=" + Marker, Scrub(spellings, "k=" + Secret));
        spellings.ReleaseReference();
        Assert.True(spellings.IsZeroed);
    }

    [Fact]
    public void TryAddReference_AfterTheLastRelease_Refused()
    {
        var spellings = Spellings();
        spellings.Dispose();

        Assert.True(spellings.IsZeroed);
        Assert.False(spellings.TryAddReference());
    }

    [Fact]
    public void Dispose_Twice_ReleasesTheCreatorsReferenceOnce()
    {
        var spellings = Spellings();
        Assert.True(spellings.TryAddReference());

        spellings.Dispose();
        spellings.Dispose();

        Assert.False(spellings.IsZeroed);
        spellings.ReleaseReference();
        Assert.True(spellings.IsZeroed);
    }

    [Fact]
    public void ReleaseReference_MoreThanTaken_Throws()
    {
        var spellings = Spellings();
        spellings.Dispose();

        Assert.Throws<InvalidOperationException>(spellings.ReleaseReference);
    }

    [Fact]
    public void MEM_01_ScrubberOverSharedSpellings_DisposeZeroesItsTailButLeavesTheSpellings()
    {
        using var spellings = Spellings();
        var scrubber = new SecretScrubber(spellings);
        scrubber.Process(Encoding.UTF8.GetBytes("abc " + Secret[..5]), new ArrayBufferWriter<byte>());
        Assert.False(scrubber.IsZeroed);

        scrubber.Dispose();

        Assert.True(scrubber.IsZeroed);
        Assert.False(spellings.IsZeroed);
        Assert.Equal("k=" + Marker, Scrub(spellings, "k=" + Secret));
    }

    [Fact]
    public void ScrubText_CharAboveLatin1WhereTheSecretStartsWithAQuestionMark_StillReplaced()
    {
        // A header value is sent as Latin-1: '€' goes out as '?', so "€rest" is the secret "?rest" on the wire.
        using var spellings = Spellings("?wire-secret-42");
        using var scrubber = new SecretScrubber(spellings);

        Assert.Equal("v=" + Marker, scrubber.ScrubText("v=\u20ACwire-secret-42"));
        Assert.True(scrubber.Found);
    }

    [Fact]
    public void ScrubText_NoCharThatStartsASpelling_ReturnsTheSameInstance()
    {
        using var spellings = Spellings();
        using var scrubber = new SecretScrubber(spellings);
        var value = "\u20AC \u00E9\u20AC";

        Assert.Same(value, scrubber.ScrubText(value));
        Assert.False(scrubber.Found);
    }
}
