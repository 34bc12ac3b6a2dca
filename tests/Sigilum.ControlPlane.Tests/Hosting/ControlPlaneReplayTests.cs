using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>
/// The control plane's signed-request nonces on a single SQLite instance (ADR 0058): an in-memory set behind a start
/// epoch, no durable write per request, and still no replay within the window, after a restart or when the set is full.
/// Each test runs a real host over a real SQLite file (whatever SIGILUM_TEST_STORE says: the epoch is the single-instance
/// mode) with a fake clock that starts on a whole second, so the epoch's cutoff is the start itself.
/// </summary>
public sealed class ControlPlaneReplayTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()));
    private readonly SigningIdentity _owner;

    public ControlPlaneReplayTests() => _owner = SigningIdentity.FromRecord(IdentityRecord.Create("alice", _time));

    public void Dispose()
    {
        _owner.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task RPL_04_NonceReusedWithinTheWindow_Refused409NonceReplay()
    {
        await using var host = await StartAsync();
        var registered = await RegisterAsync(host);
        _time.Advance(TimeSpan.FromSeconds(10));
        var nonce = Guid.NewGuid().ToString();
        var created = _time.GetUtcNow().ToUnixTimeSeconds();
        using var first = await SendAsync(host, ShowNamespace(host, created, nonce));

        using var replay = await SendAsync(host, ShowNamespace(host, created, nonce));

        Assert.Equal(HttpStatusCode.Created, registered);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(ErrorCatalogue.SignatureNonceReplay, await CodeOf(replay));
    }

    [Fact]
    public async Task RPL_08_ReplayAfterControlPlaneRestart_RefusedByTheEpochRule()
    {
        var nonce = Guid.NewGuid().ToString();
        long created;
        await using (var first = await StartAsync())
        {
            Assert.Equal(HttpStatusCode.Created, await RegisterAsync(first));
            // Past the start window (cutoff + future skew): the nonce is held in memory only.
            _time.Advance(TimeSpan.FromSeconds(10));
            created = _time.GetUtcNow().ToUnixTimeSeconds();
            using var accepted = await SendAsync(first, ShowNamespace(first, created, nonce));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        Assert.False(await DurablyRecordedAsync(nonce));
        _time.Advance(TimeSpan.FromSeconds(10));
        await using var second = await StartAsync();

        // Ten seconds old, well inside the 300 s window, and forgotten with the first process's memory.
        using var replay = await SendAsync(second, ShowNamespace(second, created, nonce));
        using var fresh = await SendAsync(second, ShowNamespace(second, _time.GetUtcNow().ToUnixTimeSeconds(), Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(ErrorCatalogue.SignatureNonceReplay, await CodeOf(replay));
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task RPL_08_FutureDatedSignatureReplayedAfterRestart_RefusedByTheDurableStartWindow()
    {
        var nonce = Guid.NewGuid().ToString();
        long created;
        await using (var first = await StartAsync())
        {
            Assert.Equal(HttpStatusCode.Created, await RegisterAsync(first));
            _time.Advance(TimeSpan.FromSeconds(10));
            // A client clock 4 s ahead (inside the 5 s future skew): dated after the next start's cutoff, so the epoch
            // alone would not refuse it there; such a signature is also recorded durably.
            created = _time.GetUtcNow().ToUnixTimeSeconds() + 4;
            using var accepted = await SendAsync(first, ShowNamespace(first, created, nonce));
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }
        Assert.True(await DurablyRecordedAsync(nonce));
        _time.Advance(TimeSpan.FromSeconds(2));
        await using var second = await StartAsync();

        using var replay = await SendAsync(second, ShowNamespace(second, created, nonce));

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal(ErrorCatalogue.SignatureNonceReplay, await CodeOf(replay));
    }

    [Fact]
    public async Task RPL_12_ReplaySetFull_Refused503NonceStoreUnavailable()
    {
        // Two live nonces: the registration's and the first read's; the next new one finds no room.
        await using var host = await StartAsync(options => options.ReplayCapacity = 2);
        Assert.Equal(HttpStatusCode.Created, await RegisterAsync(host));
        _time.Advance(TimeSpan.FromSeconds(10));
        using var first = await SendAsync(host, ShowNamespace(host, _time.GetUtcNow().ToUnixTimeSeconds(), Guid.NewGuid().ToString()));

        using var refused = await SendAsync(host, ShowNamespace(host, _time.GetUtcNow().ToUnixTimeSeconds(), Guid.NewGuid().ToString()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(ErrorCatalogue.NonceStoreUnavailable, await CodeOf(refused));
    }

    [Fact]
    public async Task StartAsync_MemoryReplayState_WritesTheEpochBesideTheDatabase()
    {
        await using var host = await StartAsync();

        var epoch = Path.Combine(_directory.Path, "controlplane-replay.epoch");
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(epoch)).Trim());
    }

    [Fact]
    public async Task StartAsync_SharedReplayState_WritesNoEpochAndRecordsEveryNonceDurably()
    {
        await using var host = await StartAsync(options => options.ReplayState = "shared");
        Assert.Equal(HttpStatusCode.Created, await RegisterAsync(host));
        _time.Advance(TimeSpan.FromSeconds(10));
        var nonce = Guid.NewGuid().ToString();

        using var accepted = await SendAsync(host, ShowNamespace(host, _time.GetUtcNow().ToUnixTimeSeconds(), nonce));

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(await DurablyRecordedAsync(nonce));
        Assert.False(File.Exists(Path.Combine(_directory.Path, "controlplane-replay.epoch")));
    }

    private Task<ControlPlaneHost> StartAsync(Action<ControlPlaneOptions>? configure = null)
    {
        var options = new ControlPlaneOptions
        {
            Urls = "http://127.0.0.1:0",
            Store = "sqlite",
            SqlitePath = Path.Combine(_directory.Path, "sigilum.db"),
            MasterKeyFile = Path.Combine(_directory.Path, "master.key"),
        };
        configure?.Invoke(options);
        return ControlPlaneHost.StartAsync(options, _time);
    }

    private async Task<HttpStatusCode> RegisterAsync(ControlPlaneHost host)
    {
        using var response = await SendAsync(host, ManualSigning.Build(host.BaseUrl, _time, _owner, HttpMethod.Post, "v1/namespaces", "{}"u8.ToArray()));
        return response.StatusCode;
    }

    private HttpRequestMessage ShowNamespace(ControlPlaneHost host, long created, string nonce) =>
        ManualSigning.Build(host.BaseUrl, _time, _owner, HttpMethod.Get, "v1/namespaces/alice", created: created, nonce: nonce);

    private static async Task<HttpResponseMessage> SendAsync(ControlPlaneHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var client = new HttpClient();
            var response = await client.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }
    }

    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.GetProperty("code").GetString();
    }

    /// <summary>Whether the SQLite nonce table holds <paramref name="nonce"/> (read after the host stopped or beside it).</summary>
    private async Task<bool> DurablyRecordedAsync(string nonce)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, "sigilum.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM nonces WHERE scope = 'sig:alice' AND nonce = $n";
        command.Parameters.AddWithValue("$n", nonce);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
