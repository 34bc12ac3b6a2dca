using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

/// <summary>Secrets at rest: versions, rotation, encryption, tamper and key checks (reliability STO-12, MEM-04).</summary>
public sealed class ConnectionSecretsTests : IAsyncLifetime
{
    private const string Secret = "sk-at-rest-canary-5d4c3b2a1908";
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync(masterKey: _masterKey);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static JsonElement Parse(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private Task CreateAsync(int? interval = null) =>
        _host.CreateAsync(new { id = "svc", base_url = "https://a.example", rotation_interval_days = interval, auth_secret_key = "k", secrets = new { k = Secret, org = "org-1" } });

    private async Task<string> InjectedAsync()
    {
        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);
        Assert.True(resolution.Succeeded, resolution.Error?.Message);
        return Encoding.UTF8.GetString(resolution.Header!.Value);
    }

    [Fact]
    public async Task Rotate_NewValue_BumpsVersionKeepsOldVersionsAndRecomputesDue()
    {
        await CreateAsync(interval: 10);
        _host.Clock.Advance(TimeSpan.FromDays(3));

        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate",
            new { secrets = new { k = "sk-rotated-value-1" }, rotated_by = "alice", rotation_reason = "quarterly" });

        Assert.Equal(200, status);
        var json = Parse(text);
        Assert.Equal(2, json.GetProperty("secret_version").GetInt32());
        Assert.Equal("2026-03-04T12:00:00Z", json.GetProperty("last_rotated_at").GetString());
        Assert.Equal("2026-03-14T12:00:00Z", json.GetProperty("next_rotation_due_at").GetString());
        Assert.Equal(("alice", "quarterly"), (json.GetProperty("rotated_by").GetString(), json.GetProperty("rotation_reason").GetString()));
        Assert.Equal(["k", "org"], json.GetProperty("credential_keys").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([1, 2], await _host.Store.Connections.ListSecretVersionsAsync("svc"));
        Assert.Equal("Bearer sk-rotated-value-1", await InjectedAsync());
    }

    [Fact]
    public async Task Rotate_NewKey_MergedIntoCurrentMap()
    {
        await CreateAsync();

        var (_, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { extra = "value-x", org = "" } });

        Assert.Equal(["extra", "k", "org"], Parse(text).GetProperty("credential_keys").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Bearer " + Secret, await InjectedAsync());
    }

    [Theory]
    [InlineData("""{"secrets":{}}""")]
    [InlineData("""{}""")]
    [InlineData("""{"secrets":{"k":"  "}}""")]
    [InlineData("""{"secrets":{"k":"sk-at-rest-canary-5d4c3b2a1908","org":"org-1"}}""")]
    public async Task Rotate_NothingChanged_400SecretsAreRequired(string body)
    {
        await CreateAsync();

        var (status, text, _) = await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", rawBody: body);

        Assert.Equal(400, status);
        Assert.Equal("secrets are required", Parse(text).GetProperty("error").GetString());
        Assert.Equal([1], await _host.Store.Connections.ListSecretVersionsAsync("svc"));
    }

    [Fact]
    public async Task Rotate_Unknown_404()
    {
        Assert.Equal(404, (await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/nope/rotate", new { secrets = new { k = "v" } })).Status);
    }

    [Fact]
    public async Task DatabaseFiles_AfterCreateRotateAndVariables_HoldNoPlaintext()
    {
        await CreateAsync();
        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = Secret + "-v2" } });
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "VAR", value = Secret + "-var" });
        await _host.SendAsync(HttpMethod.Put, "/api/admin/service-api-keys/svc", new { key = Secret + "-svc" });

        var canary = Encoding.UTF8.GetBytes("sk-at-rest-canary");
        var forms = new[]
        {
            canary,
            Encoding.UTF8.GetBytes(Convert.ToBase64String(canary)[..20]),
            Encoding.UTF8.GetBytes(Convert.ToHexStringLower(canary)),
        };
        var files = Directory.GetFiles(_host.Directory.Path).Where(f => Path.GetFileName(f).StartsWith("gateway.db", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            Assert.All(forms, form => Assert.Equal(-1, bytes.AsSpan().IndexOf(form)));
        }
    }

    [Fact]
    public async Task STO_12_WrongMasterKey_RefusedWith500()
    {
        await CreateAsync();
        await using var other = await ConnectionsHarness.StartAsync(directory: _host.Directory, masterKey: RandomNumberGenerator.GetBytes(32));

        using var resolution = await other.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal((500, ErrorCatalogue.ConnectionSecretUnreadable), (resolution.Error!.Status, resolution.Error.Code));
        Assert.Null(resolution.Header);
        Assert.Empty(resolution.Secrets);
    }

    [Fact]
    public async Task Resolve_SecondInstanceWithSameMasterKey_SeesConnectionAndRotation()
    {
        await CreateAsync();
        await using var other = await ConnectionsHarness.StartAsync(directory: _host.Directory, masterKey: _masterKey);

        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = "sk-rotated-elsewhere" } });
        using var resolution = await other.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal("Bearer sk-rotated-elsewhere", Encoding.UTF8.GetString(resolution.Header!.Value));
    }

    [Fact]
    public async Task STO_12_OneBitFlippedInCiphertext_RefusedWith500()
    {
        await CreateAsync();
        await UpdateSealedAsync(1, sealedBytes =>
        {
            sealedBytes[^1] ^= 0x01;
            return sealedBytes;
        });

        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal((500, ErrorCatalogue.ConnectionSecretUnreadable), (resolution.Error!.Status, resolution.Error.Code));
        Assert.Contains("svc", _host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_OldVersionCopiedOverCurrent_RefusedBecauseBoundToVersion()
    {
        await CreateAsync();
        await _host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = "sk-new-value-123" } });
        var version1 = (await _host.Store.Connections.GetSecretAsync("svc", 1))!.Sealed;

        await UpdateSealedAsync(2, _ => version1);
        using var resolution = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal(500, resolution.Error!.Status);
    }

    private async Task UpdateSealedAsync(int version, Func<byte[], byte[]> change)
    {
        var current = (await _host.Store.Connections.GetSecretAsync("svc", version))!.Sealed;
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _host.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE gateway_connection_secrets SET sealed = $s WHERE connection_id = 'svc' AND version = $v";
        command.Parameters.AddWithValue("$s", change((byte[])current.Clone()));
        command.Parameters.AddWithValue("$v", version);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
