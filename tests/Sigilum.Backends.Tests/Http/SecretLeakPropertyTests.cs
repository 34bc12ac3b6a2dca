using FsCheck;
using FsCheck.Fluent;
using Sigilum.Backends.Resilience;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Http;

/// <summary>
/// Whatever a backend answers (any status, a body or headers full of a planted secret), the error we
/// produce never contains it (house rule 5, reliability BKD-04): messages are our own words plus
/// names from fixed lists.
/// </summary>
public sealed class SecretLeakPropertyTests
{
    private static readonly int[] Statuses = [200, 400, 401, 403, 404, 409, 429, 473, 500, 503];

    private static readonly string[] Bodies =
    [
        """{"errors":["S"],"__type":"S","message":"S","error":{"message":"S","code":"S","status":"S"},"error_description":"S"}""",
        """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Code>S</Code><Message>S</Message></Error></ErrorResponse>""",
        """{"data":{"data":{"k":"S"},"metadata":{"version":"S"}},"value":"S","id":"S","Name":"S","SecretString":"S","payload":{"data":"S","dataCrc32c":"S"},"name":"S","auth":{"client_token":"S"}}""",
        "S",
    ];

    public static TheoryData<string> Kinds() => ["hashicorp-vault", "aws-secrets-manager", "aws-sts", "azure-key-vault", "gcp-secret-manager"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task BKD_04_AnyAnswerWithPlantedSecret_ErrorNeverContainsIt(string kind)
    {
        var kit = new BackendTestKit();
        var (backend, host, reference, dispose) = await StartAsync(kind, kit);
        await using var _ = dispose;
        var inner = ((ResilientBackend)backend).Inner;
        var secret = Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".ToCharArray())
            .ArrayOf().Where(a => a.Length >= 12).Select(a => new string(a));
        var leaks = new List<string>();

        Prop.ForAll(secret.ToArbitrary(), Gen.Elements(Statuses).ToArbitrary(), Gen.Choose(0, Bodies.Length - 1).ToArbitrary(), (planted, status, body) =>
        {
            host.Enqueue(status, Bodies[body].Replace("S", planted, StringComparison.Ordinal), headers: new Dictionary<string, string>
            {
                ["WWW-Authenticate"] = $"Bearer authorization=\"{planted}\", resource=\"{planted}\"",
                ["Retry-After"] = planted,
                ["X-Amzn-ErrorType"] = planted,
            });
            var result = inner.FetchAsync(reference, CancellationToken.None).GetAwaiter().GetResult();
            result.Credential?.Dispose();
            var test = inner.TestAsync(CancellationToken.None).GetAwaiter().GetResult();
            foreach (var error in new[] { result.Error, test })
            {
                if (error is not null && (error.Message.Contains(planted, StringComparison.Ordinal) || error.Code.Contains(planted, StringComparison.Ordinal)))
                {
                    leaks.Add($"{status}/{body}: {error.Message}");
                    return false;
                }
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));

        Assert.Empty(leaks);
    }

    private static async Task<(ICredentialBackend Backend, FakeHost Host, string Reference, IAsyncDisposable Dispose)> StartAsync(string kind, BackendTestKit kit)
    {
        switch (kind)
        {
            case "hashicorp-vault":
            {
                var vault = await FakeHashiCorpVault.StartAsync(kit.Time);
                vault.PutKv2("secret", "x", new() { ["k"] = "v" });
                kit.Environment["T"] = vault.IssueToken(TimeSpan.FromDays(1));
                var backend = kit.Create(kind, ("vault_addr", vault.BaseUri.ToString()), ("token_env", "T"));
                return (backend, vault.Host, "secret/data/x#other", vault);
            }
            case "aws-secrets-manager" or "aws-sts":
            {
                var aws = await FakeAws.StartAsync(kit.Time);
                aws.AddUser("u", "AKIAIOSFODNN7EXAMPLE", "secret-key");
                var role = aws.AddRole("r");
                kit.Environment["K"] = "secret-key";
                var backend = kind == "aws-sts"
                    ? kit.Create(kind, ("region", "us-east-1"), ("sts_endpoint", aws.BaseUri.ToString()), ("role_arn", role), ("access_key_id", "AKIAIOSFODNN7EXAMPLE"), ("secret_access_key_env", "K"))
                    : kit.Create(kind, ("region", "us-east-1"), ("endpoint", aws.BaseUri.ToString()), ("sts_endpoint", aws.BaseUri.ToString()), ("access_key_id", "AKIAIOSFODNN7EXAMPLE"), ("secret_access_key_env", "K"));
                return (backend, aws.Host, kind == "aws-sts" ? string.Empty : "x#other", aws);
            }
            case "azure-key-vault":
            {
                var vault = await FakeAzureKeyVault.StartAsync(kit.Time);
                vault.AddClient("c", "client-secret");
                kit.Environment["C"] = "client-secret";
                var backend = kit.Create(kind, ("vault_url", vault.VaultUri.ToString()), ("authority", vault.Authority.ToString()),
                    ("tenant_id", FakeAzureKeyVault.Tenant), ("client_id", "c"), ("client_secret_env", "C"));
                return (backend, vault.Host, "k", vault);
            }
            default:
            {
                var gcp = await FakeGcpSecretManager.StartAsync(kit.Time);
                kit.Environment["G"] = gcp.ServiceAccountJson();
                var backend = kit.Create(kind, ("project", FakeGcpSecretManager.Project), ("endpoint", gcp.BaseUri.ToString()), ("credentials_env", "G"));
                return (backend, gcp.Host, "s", gcp);
            }
        }
    }
}
