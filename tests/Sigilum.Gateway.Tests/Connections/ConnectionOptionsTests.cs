namespace Sigilum.Gateway.Connections;

public sealed class ConnectionOptionsTests
{
    private static ConnectionOptions Valid() => new() { DataDirectory = "/tmp/gw" };

    [Fact]
    public void Validate_Defaults_PassAndResolvePaths()
    {
        var options = Valid();

        options.Validate();

        Assert.Equal((RotationEnforcement.Warn, 0), (options.RotationEnforcement, options.RotationGraceDays));
        Assert.Equal(Path.Combine("/tmp/gw", "service-catalog.json"), options.ResolvedCatalogFile);
        Assert.Equal(Path.Combine("/tmp/gw", "master-key"), options.ResolvedMasterKeyFile);
    }

    private static readonly Dictionary<string, Action<ConnectionOptions>> Spoilers = new()
    {
        ["DataDirectory"] = o => o.DataDirectory = " ",
        ["RotationEnforcement"] = o => o.RotationEnforcement = (RotationEnforcement)7,
        ["RotationGraceDays"] = o => o.RotationGraceDays = -1,
        ["MaxAdminBodyBytes"] = o => o.MaxAdminBodyBytes = 1024,
        ["TestTimeout"] = o => o.TestTimeout = TimeSpan.Zero,
        ["ServiceKeyRefreshInterval"] = o => o.ServiceKeyRefreshInterval = TimeSpan.FromMilliseconds(10),
    };

    [Theory]
    [InlineData("DataDirectory")]
    [InlineData("RotationEnforcement")]
    [InlineData("RotationGraceDays")]
    [InlineData("MaxAdminBodyBytes")]
    [InlineData("TestTimeout")]
    [InlineData("ServiceKeyRefreshInterval")]
    public void Validate_OneBadSetting_ThrowsNamingIt(string setting)
    {
        var options = Valid();
        Spoilers[setting](options);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
