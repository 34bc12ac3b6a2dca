using System.Security.Cryptography;
using Sigilum.Testing;

namespace Sigilum.Core.Secrets;

public sealed class MasterKeyTests
{
    private static string? NoEnvironment(string name) => null;

    [Fact]
    public void LoadOrCreate_EnvironmentSet_UsesItAndWritesNoFile()
    {
        using var directory = new TempDirectory();
        var key = RandomNumberGenerator.GetBytes(MasterKey.Size);
        var file = Path.Combine(directory.Path, "master-key");

        var loaded = MasterKey.LoadOrCreate(file, name => name == MasterKey.EnvironmentVariable ? " " + Convert.ToBase64String(key) + " " : null);

        Assert.Equal(key, loaded);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void LoadOrCreate_NoKeyYet_CreatesPrivateFileAndReadsItBack()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "sub", "master-key");

        var created = MasterKey.LoadOrCreate(file, NoEnvironment);
        var again = MasterKey.LoadOrCreate(file, NoEnvironment);

        Assert.Equal(MasterKey.Size, created.Length);
        Assert.Equal(created, again);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void LoadOrCreate_MalformedKey_ThrowsWithoutTheValue(string value)
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<InvalidOperationException>(() => MasterKey.LoadOrCreate(Path.Combine(directory.Path, "k"), _ => value));

        Assert.Contains(MasterKey.EnvironmentVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }
}
