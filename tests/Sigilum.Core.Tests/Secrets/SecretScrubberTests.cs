using System.Buffers;
using System.Text;

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
}
