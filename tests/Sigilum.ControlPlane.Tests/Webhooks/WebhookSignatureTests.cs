using System.Text;

namespace Sigilum.ControlPlane.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret-0123456789";
    private const string Body = """{"event":"request.approved","data":{"claim_id":"cl_1"}}""";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Compute_KnownInput_IsHmacOfTimestampDotBody()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1700000000." + Body)));

        Assert.Equal("v1=" + expected, WebhookSignature.Compute(Encoding.UTF8.GetBytes(Secret), 1_700_000_000, Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void Verify_FreshSignature_Passes() =>
        Assert.True(WebhookSignature.Verify(Secret, "1700000000", Body, Sign(1_700_000_000), Now.AddMinutes(4), WebhookSignature.DefaultTolerance));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_TimestampOutsideTolerance_Fails(int offsetSeconds)
    {
        var timestamp = 1_700_000_000 + offsetSeconds;

        Assert.False(WebhookSignature.Verify(Secret, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), Body, Sign(timestamp), Now, WebhookSignature.DefaultTolerance));
    }

    [Fact]
    public void Verify_TimestampChangedWithoutResigning_Fails() =>
        Assert.False(WebhookSignature.Verify(Secret, "1700000001", Body, Sign(1_700_000_000), Now, WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_BodyChanged_Fails() =>
        Assert.False(WebhookSignature.Verify(Secret, "1700000000", Body + " ", Sign(1_700_000_000), Now, WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_OtherSecret_Fails() =>
        Assert.False(WebhookSignature.Verify(Secret + "x", "1700000000", Body, Sign(1_700_000_000), Now, WebhookSignature.DefaultTolerance));

    [Fact]
    public void Verify_SeveralValuesOneMatching_Passes() =>
        Assert.True(WebhookSignature.Verify(Secret, "1700000000", Body, "v1=" + new string('0', 64) + ", v0=abc, " + Sign(1_700_000_000), Now, WebhookSignature.DefaultTolerance));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=00")]
    [InlineData("v1=zz")]
    [InlineData("v1=")]
    public void Verify_MalformedHeader_Fails(string? header) =>
        Assert.False(WebhookSignature.Verify(Secret, "1700000000", Body, header, Now, WebhookSignature.DefaultTolerance));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-1700000000")]
    [InlineData("1.7e9")]
    [InlineData("99999999999999999999")]
    public void Verify_MalformedTimestamp_Fails(string? timestamp) =>
        Assert.False(WebhookSignature.Verify(Secret, timestamp, Body, Sign(1_700_000_000), Now, WebhookSignature.DefaultTolerance));

    private static string Sign(long timestamp) => WebhookSignature.Compute(Encoding.UTF8.GetBytes(Secret), timestamp, Encoding.UTF8.GetBytes(Body));
}
