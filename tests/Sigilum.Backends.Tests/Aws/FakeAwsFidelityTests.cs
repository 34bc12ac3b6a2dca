using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Aws;

/// <summary>
/// The real AWS SDK (AWSSDK.SecurityToken, its own SigV4 signer and XML parser) as a client of our fake
/// STS: evidence that the fake checks signatures and answers the way AWS does (DESIGN §5). The SDK uses
/// the real clock, so the fake does too.
/// </summary>
public sealed class FakeAwsFidelityTests : IAsyncLifetime
{
    private FakeAws _aws = null!;
    private string _role = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync(TimeProvider.System);
        _aws.AddUser("sdk", "AKIAIOSFODNN7EXAMPLE", "sdk-secret-key");
        _role = _aws.AddRole("sdk-role");
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    private AmazonSecurityTokenServiceClient Client(string secret) => new(
        new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", secret),
        new AmazonSecurityTokenServiceConfig { ServiceURL = _aws.BaseUri.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task AwsSdk_AssumeRoleWithRightKey_FakeAcceptsAndSdkParsesCredentials()
    {
        using var client = Client("sdk-secret-key");

        var response = await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _role, RoleSessionName = "sdk-session", DurationSeconds = 900 });

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.NotNull(response.Credentials.SessionToken);
        Assert.EndsWith("assumed-role/sdk-role/sdk-session", response.AssumedRoleUser.Arn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsSdk_WrongSecret_FakeRejectsWithSignatureDoesNotMatch()
    {
        using var client = Client("not-the-key");

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    [Fact]
    public async Task AwsSdk_TemporaryCredentialsFromFake_AcceptedByFakeWithSessionToken()
    {
        using var client = Client("sdk-secret-key");
        var assumed = (await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = _role, RoleSessionName = "s2" })).Credentials;
        using var temporary = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(assumed.AccessKeyId, assumed.SecretAccessKey, assumed.SessionToken),
            new AmazonSecurityTokenServiceConfig { ServiceURL = _aws.BaseUri.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

        var identity = await temporary.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.EndsWith("assumed-role/sdk-role/s2", identity.Arn, StringComparison.Ordinal);
    }
}
