using Sigilum.Storage.Data;

namespace Sigilum.Vault.Store;

internal sealed partial class VaultStore
{
    /// <summary>The current configuration version (one indexed read).</summary>
    public Task<long> GetVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadVersionAsync(session, cancellationToken), cancellationToken);

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(session => GetSettingAsync(session, name, cancellationToken), cancellationToken);

    private static async Task<string?> GetSettingAsync(SqlSession session, string name, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT value FROM settings WHERE name = @n").With("@n", name);
        return (string?)await command.ScalarAsync(cancellationToken);
    }

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var command = session.Sql("INSERT INTO settings(name, value) VALUES (@n, @v) ON CONFLICT(name) DO UPDATE SET value = excluded.value")
                .With("@n", name).With("@v", value);
            return await command.ExecuteAsync(cancellationToken);
        }, cancellationToken);

    public Task SetAudienceAsync(string audience, CancellationToken cancellationToken = default) => SetSettingAsync(AudienceSetting, audience, cancellationToken);
}
