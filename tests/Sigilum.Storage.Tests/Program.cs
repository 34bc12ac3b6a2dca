using Sigilum.Core.Claims;
using Sigilum.Storage.Sqlite;

namespace Sigilum.Storage;

/// <summary>
/// Entry point of the test assembly when run as a program (never by the test runner). The SQLite engine
/// is fixed at the first use in a process, so <c>SqliteEngineTests</c> run this in a child process with
/// <c>SIGILUM_SQLITE_LIBRARY</c> set and read one line back: engine | nonce results | claim status.
/// </summary>
internal static class Program
{
    public const string SqliteProbe = "sqlite-engine-probe";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [SqliteProbe, var path])
        {
            await Console.Error.WriteLineAsync($"usage: {SqliteProbe} <database path>");
            return 2;
        }
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var store = await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = path });
        var first = await store.Nonces.TryRecordAsync("probe", "n", now.AddMinutes(5), now);
        var second = await store.Nonces.TryRecordAsync("probe", "n", now.AddMinutes(5), now);
        var owner = new Core.Namespaces.OwnerRecord { Id = "own_probe", Namespace = "probe", CreatedAt = now };
        await store.Namespaces.CreateAsync(new Core.Namespaces.NamespaceRecord { Name = "probe", OwnerId = owner.Id, CreatedAt = now }, owner);
        var claim = new ClaimRecord
        {
            Id = Core.Ids.IdGenerator.ClaimId(), Namespace = "probe", Service = "svc", PublicKey = "ed25519:k",
            Status = ClaimStatus.Pending, CreatedAt = now, UpdatedAt = now,
        };
        var (stored, _) = await store.Claims.SubmitAsync(claim);
        Console.WriteLine($"{SqliteSigilumStore.Engine}|{first}|{second}|{stored.Status}");
        return 0;
    }
}
