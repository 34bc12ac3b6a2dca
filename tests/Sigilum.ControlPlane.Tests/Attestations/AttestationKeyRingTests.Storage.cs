using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Secrets;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Keys at rest and across restarts: sealed seeds, zeroing, persistence, refusal to start on a mismatch.</summary>
public sealed partial class AttestationKeyRingTests
{
    [Fact]
    public async Task SealedSeed_InDatabase_IsNotThePlaintextAndOpensOnlyForItsKid()
    {
        var record = Assert.Single(await _cp.Host.Store.SigningKeys.ListAsync());
        using var sealer = _cp.Host.Services.GetRequiredService<MasterKeyHolder>().CreateSealer(AttestationKeyRing.SealPurpose);

        var seed = sealer.Open(record.SealedSeed, AttestationKeyRing.AssociatedData(record.Kid))!;

        Assert.Equal(record.PublicKey, Ed25519.DerivePublicKey(seed));
        Assert.Null(sealer.Open(record.SealedSeed, AttestationKeyRing.AssociatedData("another-kid")));
        Assert.False(Contains(record.SealedSeed, seed));
        foreach (var file in Directory.GetFiles(_cp.Dir, "sigilum.db*"))
        {
            Assert.False(Contains(await ReadSharedAsync(file), seed), $"{Path.GetFileName(file)} holds the plaintext seed");
        }
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_cp.Dir, "master.key")));
        }
    }

    [Fact]
    public async Task Rotate_ZeroesTheRetiredKeysSeedAtOnce()
    {
        var ring = _cp.Host.Services.GetRequiredService<AttestationKeyRing>();
        var retired = await ring.SignAsync((_, key) => key, CancellationToken.None);

        (await _cp.PlainClient(_token).PostAsync("v1/attestations/keys/rotate", null)).EnsureSuccessStatusCode();

        Assert.Throws<ObjectDisposedException>(() => retired.Sign([1, 2, 3]));
        Assert.NotNull(await ring.SignAsync((_, key) => key.Sign([1, 2, 3]), CancellationToken.None));
    }

    [Fact]
    public async Task Shutdown_ZeroesOpenedSeeds()
    {
        var other = await AttestationFixture.StartAsync();
        var key = await other.Host.Services.GetRequiredService<AttestationKeyRing>().SignAsync((_, key) => key, CancellationToken.None);

        await other.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => key.Sign([1, 2, 3]));
    }

    [Fact]
    public async Task Restart_SameDirectory_KeepsTheKey()
    {
        using var dir = new TempDirectory();
        string? kid;
        await using (var first = await AttestationFixture.StartAsync(dir: dir.Path))
        {
            kid = Assert.Single((await first.FetchJwksAsync()).Keys).Kid;
        }

        await using var second = await AttestationFixture.StartAsync(dir: dir.Path);

        Assert.Equal(kid, Assert.Single((await second.FetchJwksAsync()).Keys).Kid);
    }

    [Fact]
    public async Task Restart_AfterRotationPeriod_RotatesAtStartAndKeepsOldKeyPublished()
    {
        using var dir = new TempDirectory();
        string? kid;
        await using (var first = await AttestationFixture.StartAsync(dir: dir.Path))
        {
            kid = Assert.Single((await first.FetchJwksAsync()).Keys).Kid;
        }

        await using var second = await AttestationFixture.StartAsync(dir: dir.Path, time: new FakeTimeProvider(AttestationFixture.Start.AddDays(91)));

        var rows = await second.Host.Store.SigningKeys.ListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal(kid, rows.Single(r => r.RetiredAt is not null).Kid);
        Assert.Equal(2, (await second.FetchJwksAsync()).Keys.Count);
    }

    [Fact]
    public async Task Restart_WithAnotherMasterKey_RefusesToStart()
    {
        using var dir = new TempDirectory();
        await (await AttestationFixture.StartAsync(dir: dir.Path)).DisposeAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AttestationFixture.StartAsync(o => o.MasterKeyFile = Path.Combine(dir.Path, "other.key"), dir: dir.Path));

        Assert.Contains("cannot be opened", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_WithAlteredPublicKeyColumn_RefusesToStart()
    {
        using var dir = new TempDirectory();
        await (await AttestationFixture.StartAsync(dir: dir.Path)).DisposeAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dir.Path, "sigilum.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE signing_keys SET public_key = zeroblob(32)";
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AttestationFixture.StartAsync(dir: dir.Path));

        Assert.Contains("does not match its seed", error.Message, StringComparison.Ordinal);
    }
}
