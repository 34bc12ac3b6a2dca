using System.Text;

namespace Sigilum.Backends;

public sealed class CredentialChecksTests
{
    [Theory]
    [InlineData("sk-live-123")]
    [InlineData("Bearer abc def")]
    [InlineData("caf\u00e9\tx")]
    public void ForHeader_VisibleValue_Null(string value)
    {
        Assert.Null(CredentialChecks.ForHeader(Encoding.UTF8.GetBytes(value), "b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nb")]
    [InlineData("a\0b")]
    [InlineData("a\u007fb")]
    [InlineData(" padded")]
    [InlineData("padded ")]
    public void BKD_07_UnsafeValue_BadSecretWithoutTheValue(string value)
    {
        var error = CredentialChecks.ForHeader(Encoding.UTF8.GetBytes(value), "b");

        Assert.Equal("BACKEND_BAD_SECRET", error?.Code);
        Assert.True(value.Length == 0 || !error!.Message.Contains(value, StringComparison.Ordinal));
    }

    [Fact]
    public void ForHeader_Over16KiB_BadSecret()
    {
        Assert.Equal("BACKEND_BAD_SECRET", CredentialChecks.ForHeader(new byte[16 * 1024 + 1].AsSpan(), "b")?.Code);
    }
}
