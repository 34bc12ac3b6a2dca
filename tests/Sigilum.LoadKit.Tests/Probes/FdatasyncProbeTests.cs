namespace Sigilum.LoadKit.Probes;

public sealed class FdatasyncProbeTests
{
    [Fact]
    public void Run_InADirectory_OneSamplePerCommitAndNoFileLeft()
    {
        using var dir = new TempDirectory();

        var result = FdatasyncProbe.Run(dir.Path, 3, TimeProvider.System);

        Assert.Equal(3, result.Micros.Count);
        Assert.Equal(FdatasyncProbe.BlockBytes, result.BlockBytes);
        Assert.Equal(dir.Path, result.Directory);
        Assert.False(string.IsNullOrEmpty(result.FileSystem));
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Run_NoCommits_Refused()
    {
        using var dir = new TempDirectory();

        Assert.Throws<ArgumentOutOfRangeException>(() => FdatasyncProbe.Run(dir.Path, 0, TimeProvider.System));
    }

    [Fact]
    public void Run_DirectoryMissing_Throws()
    {
        using var dir = new TempDirectory();

        Assert.Throws<DirectoryNotFoundException>(() => FdatasyncProbe.Run(Path.Combine(dir.Path, "missing"), 1, TimeProvider.System));
    }
}
