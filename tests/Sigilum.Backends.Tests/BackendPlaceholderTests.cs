namespace Sigilum.Backends;

public sealed class BackendPlaceholderTests
{
    [Theory]
    [InlineData("{{backend:prod-vault:secret/data/openai#api_key}}", "prod-vault", "secret/data/openai#api_key")]
    [InlineData("  {{backend:aws:arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf}} ", "aws", "arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf")]
    [InlineData("{{backend:gcp:openai/versions/3}}", "gcp", "openai/versions/3")]
    public void TryParse_Placeholder_NameAndReference(string value, string name, string reference)
    {
        Assert.True(BackendPlaceholder.TryParse(value, out var placeholder));
        Assert.Equal(new BackendPlaceholder(name, reference), placeholder);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("sk-live-123")]
    [InlineData("Bearer {{backend:v:x}}")]
    [InlineData("{{backend:v:}}")]
    [InlineData("{{backend::x}}")]
    [InlineData("{{backend:v:x}}{{backend:v:y}}")]
    [InlineData("{{env:v:x}}")]
    public void TryParse_NotExactlyOnePlaceholder_False(string? value)
    {
        Assert.False(BackendPlaceholder.TryParse(value, out _));
    }

    [Fact]
    public void ToString_RoundTrips()
    {
        var placeholder = new BackendPlaceholder("v", "a:b#c");

        Assert.True(BackendPlaceholder.TryParse(placeholder.ToString(), out var again));
        Assert.Equal(placeholder, again);
    }
}
