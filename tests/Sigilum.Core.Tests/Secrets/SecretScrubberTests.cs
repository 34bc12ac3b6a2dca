using System.Buffers;
using System.Text;
using Sigilum.Testing;

namespace Sigilum.Core.Secrets;

public sealed class SecretScrubberTests
{
    private const string Marker = "[REDACTED:test]";

    private const string Secret = "sk-live-SECRET";

    private static string Scrub(string[] chunks, params string[] secrets)
    {
        var scrubber = new SecretScrubber([.. secrets.Select(Encoding.UTF8.GetBytes)], Marker);
        var output = new ArrayBufferWriter<byte>();
        foreach (var chunk in chunks)
        {
            scrubber.Process(Encoding.UTF8.GetBytes(chunk), output);
        }
        scrubber.Flush(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    [Fact]
    public void Process_SecretInOneChunk_IsReplaced() =>
        Assert.Equal("token=" + Marker + "!", Scrub(["token=" + Secret + "!"], Secret));

    [Fact]
    public void Process_SecretSplitAtEveryPosition_IsReplaced()
    {
        var body = "before " + Secret + " after";
        for (var split = 0; split <= body.Length; split++)
        {
            Assert.Equal("before " + Marker + " after", Scrub([body[..split], body[split..]], Secret));
        }
    }

    [Fact]
    public void Process_SecretOneByteAtATime_IsReplaced()
    {
        var body = "x" + Secret + Secret + "y";
        Assert.Equal("x" + Marker + Marker + "y", Scrub([.. body.Select(c => c.ToString())], Secret));
    }

    [Fact]
    public void Process_PartialSecretAtEnd_PassesThroughOnFlush() =>
        Assert.Equal("abc sk-live-SEC", Scrub(["abc sk-li", "ve-SEC"], Secret));

    [Fact]
    public void Process_NoSecret_BodyUnchanged() =>
        Assert.Equal("plain body with s and k", Scrub(["plain body ", "with s and k"], Secret));

    [Fact]
    public void Process_TwoSecretsOfDifferentLengths_BothReplaced() =>
        Assert.Equal($"{Marker}-{Marker}", Scrub(["abc-", "sk-live-SECRET"], "abc", Secret));

    [Fact]
    public void Process_HoldsBackOnlyAPossibleSecretStart()
    {
        var scrubber = new SecretScrubber([Encoding.UTF8.GetBytes(Secret)], Marker);
        var output = new ArrayBufferWriter<byte>();
        scrubber.Process(Encoding.UTF8.GetBytes(new string('a', 100) + Secret[..^1]), output);
        Assert.Equal(100, output.WrittenCount);
    }

    [Fact]
    public void Process_ChunkWithoutSecretStart_IsReleasedAtOnce()
    {
        var scrubber = new SecretScrubber([Encoding.UTF8.GetBytes(Secret)], Marker);
        var output = new ArrayBufferWriter<byte>();
        scrubber.Process("data: 1 sk-\n\n"u8, output);
        Assert.Equal("data: 1 sk-\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public void PRX_18_EverySpelling_SplitAtEveryPosition_IsReplaced(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, EchoSpellings.AwkwardSecret);
        var body = "before " + echoed + " after";
        for (var split = 0; split <= body.Length; split++)
        {
            var scrubbed = Scrub([body[..split], body[split..]], EchoSpellings.AwkwardSecret);

            Assert.DoesNotContain(echoed, scrubbed, StringComparison.Ordinal);
            Assert.Contains(Marker, scrubbed, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EchoSpellings.All), MemberType = typeof(EchoSpellings))]
    public void PRX_18_EverySpellingInAHeaderValue_IsReplacedAndFound(string spelling)
    {
        var echoed = EchoSpellings.Spell(spelling, EchoSpellings.AwkwardSecret);
        using var scrubber = new SecretScrubber([Encoding.UTF8.GetBytes(EchoSpellings.AwkwardSecret)], Marker);

        var scrubbed = scrubber.ScrubText("x=" + echoed + ";");

        Assert.DoesNotContain(echoed, scrubbed, StringComparison.Ordinal);
        Assert.StartsWith("x=", scrubbed, StringComparison.Ordinal);
        Assert.True(scrubber.Found);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void PRX_18_Base64AtEveryAlignmentInsideLongerText_LeavesNoFullSecretBits(int prefixLength)
    {
        var secret = Encoding.UTF8.GetBytes(Secret);
        var blob = Convert.ToBase64String([.. new byte[prefixLength], .. secret, .. "tail-bytes"u8]);

        var scrubbed = Scrub([blob], Secret);

        Assert.Contains(Marker, scrubbed, StringComparison.Ordinal);
        // What is left holds at most the edge characters that mix secret bits with the neighbours' bits.
        Assert.True(scrubbed.Replace(Marker, "", StringComparison.Ordinal).Length <= blob.Length - 16, scrubbed);
    }

    [Fact]
    public void ScrubText_NoSecret_ReturnsTheSameInstance()
    {
        using var scrubber = new SecretScrubber([Encoding.UTF8.GetBytes(Secret)], Marker);
        const string value = "application/json";

        Assert.Same(value, scrubber.ScrubText(value));
        Assert.False(scrubber.Found);
    }

    [Fact]
    public void Constructor_ShortSecret_KeepsRawButNoTinyDerivedSpellings()
    {
        using var scrubber = new SecretScrubber(["ab"u8.ToArray()], Marker);

        // "YW" is the two-character aligned base64 of "ab": too short to search for without redacting ordinary text.
        Assert.Equal("x" + Marker + "y YW", Scrub(["xaby YW"], "ab"));
        Assert.True(scrubber.SpellingCount >= 1);
    }

    [Fact]
    public void MEM_01_Dispose_ZeroesEverySpellingAndTheHeldBackTail()
    {
        var scrubber = new SecretScrubber([Encoding.UTF8.GetBytes(Secret)], Marker);
        scrubber.Process(Encoding.UTF8.GetBytes("abc " + Secret[..5]), new ArrayBufferWriter<byte>());
        Assert.False(scrubber.IsZeroed);

        scrubber.Dispose();

        Assert.True(scrubber.IsZeroed);
    }

    [Fact]
    public void Constructor_CallerZeroesItsCopy_ScrubberStillWorks()
    {
        var secret = Encoding.UTF8.GetBytes(Secret);
        using var scrubber = new SecretScrubber([secret], Marker);
        Array.Clear(secret);

        Assert.Equal("k=" + Marker, scrubber.ScrubText("k=" + Secret));
    }
}
