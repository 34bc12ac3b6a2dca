using System.Text;

namespace Sigilum.Gateway.Connections;

public sealed class RotationEnforcementTests
{
    private const string Secret = "sk-rotation-0123456789";
    private static readonly DateTimeOffset Due = new(2026, 3, 31, 12, 0, 0, TimeSpan.Zero);

    private static async Task<ConnectionsHarness> StartWithDueConnectionAsync(RotationEnforcement enforcement, int graceDays = 0)
    {
        var host = await ConnectionsHarness.StartAsync(enforcement, graceDays);
        await host.CreateAsync(new { id = "svc", base_url = "https://a.example", rotation_interval_days = 30, auth_secret_key = "k", secrets = new { k = Secret } });
        return host;
    }

    [Theory]
    [InlineData("off")]
    [InlineData("warn")]
    [InlineData("block")]
    public async Task ResolveAsync_ExactlyAtDue_NotOverdue(string enforcement)
    {
        Assert.True(ConnectionOptions.TryParseEnforcement(enforcement, out var parsed));
        await using var host = await StartWithDueConnectionAsync(parsed);
        host.Clock.SetUtcNow(Due);

        using var resolution = await host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.True(resolution.Succeeded);
        Assert.Equal(RotationStatus.Ok, resolution.Rotation.Status);
    }

    [Fact]
    public async Task ResolveAsync_OverdueEnforcementOff_OkWithoutWarning()
    {
        await using var host = await StartWithDueConnectionAsync(RotationEnforcement.Off);
        host.Clock.SetUtcNow(Due.AddYears(1));

        using var resolution = await host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.True(resolution.Succeeded);
        Assert.Equal(RotationState.Ok, resolution.Rotation);
    }

    [Fact]
    public async Task ResolveAsync_OverdueWarn_ServedWithWarningText()
    {
        await using var host = await StartWithDueConnectionAsync(RotationEnforcement.Warn);
        host.Clock.SetUtcNow(Due.AddMilliseconds(1));

        using var resolution = await host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.True(resolution.Succeeded);
        Assert.Equal(new RotationState(RotationStatus.Warn, Due), resolution.Rotation);
        Assert.Equal("connection \"svc\" secret rotation is overdue (due 2026-03-31T12:00:00Z)", resolution.Rotation.WarningFor("svc"));
        Assert.Equal("Bearer " + Secret, Encoding.UTF8.GetString(resolution.Header!.Value));
    }

    [Fact]
    public async Task ResolveAsync_OverdueBlock_403RotationRequired()
    {
        await using var host = await StartWithDueConnectionAsync(RotationEnforcement.Block);
        host.Clock.SetUtcNow(Due.AddSeconds(1));

        using var resolution = await host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal((403, "ROTATION_REQUIRED"), (resolution.Error!.Status, resolution.Error.Code));
        Assert.Null(resolution.Header);
        Assert.Equal("docs/errors.md#rotation-required", Diagnostics.GatewayErrorResponse.DocsUrl(resolution.Error));
    }

    [Fact]
    public async Task ResolveAsync_OverdueBlockWithinGrace_Ok()
    {
        await using var host = await StartWithDueConnectionAsync(RotationEnforcement.Block, graceDays: 5);
        host.Clock.SetUtcNow(Due.AddDays(5));

        using (var within = await host.Resolver.ResolveAsync("svc", CancellationToken.None))
        {
            Assert.True(within.Succeeded);
        }
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        using var after = await host.Resolver.ResolveAsync("svc", CancellationToken.None);
        Assert.Equal(403, after.Error!.Status);
    }

    [Fact]
    public async Task ResolveAsync_BlockedThenRotated_OkAgain()
    {
        await using var host = await StartWithDueConnectionAsync(RotationEnforcement.Block);
        host.Clock.SetUtcNow(Due.AddDays(1));

        await host.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = "sk-fresh-0123456789" } });
        using var resolution = await host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.True(resolution.Succeeded);
    }

    [Fact]
    public async Task ResolveAsync_BlockWithoutEnforcementForTest_ResolvesAndReportsBlock()
    {
        await using var host = await StartWithDueConnectionAsync(RotationEnforcement.Block);
        host.Clock.SetUtcNow(Due.AddDays(1));

        using var resolution = await host.Resolver.ResolveAsync("svc", enforceRotation: false, CancellationToken.None);

        Assert.True(resolution.Succeeded);
        Assert.Equal(RotationStatus.Block, resolution.Rotation.Status);
    }

    [Fact]
    public void Evaluate_NoDueDate_AlwaysOk()
    {
        Assert.Equal(RotationState.Ok, RotationState.Evaluate(null, Due.AddYears(5), RotationEnforcement.Block, 0));
    }

    [Theory]
    [InlineData("off", true, "Off")]
    [InlineData(" WARN ", true, "Warn")]
    [InlineData("Block", true, "Block")]
    [InlineData("strict", false, "Warn")]
    [InlineData(null, false, "Warn")]
    public void TryParseEnforcement_Text_ParsedOrRefused(string? text, bool ok, string expected)
    {
        Assert.Equal(ok, ConnectionOptions.TryParseEnforcement(text, out var enforcement));
        Assert.Equal(expected, enforcement.ToString());
    }
}
