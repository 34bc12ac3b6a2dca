namespace Sigilum.LoadKit.Cpu;

public sealed class ProcDirectoryTests
{
    [Fact]
    public void ReadAll_NumericDirectoriesWithAStatLine_OthersSkipped()
    {
        using var proc = new FakeProc();
        proc.Process(10, 1, 5, 5);
        proc.Process(11, 10, 1, 1, comm: "a (b) c");
        Directory.CreateDirectory(Path.Combine(proc.Root, "self"));
        Directory.CreateDirectory(Path.Combine(proc.Root, "12")); // exited between listing and reading: no stat
        Directory.CreateDirectory(Path.Combine(proc.Root, "13"));
        File.WriteAllText(Path.Combine(proc.Root, "13", "stat"), "garbage");

        var all = proc.Directory.ReadAll();

        Assert.Equal([10, 11], all.Keys.Order());
        Assert.Equal(10, all[11].ParentPid);
    }

    [Fact]
    public void ReadMachineBusyTicks_CpuLine_IdleAndIowaitExcluded()
    {
        using var proc = new FakeProc();
        proc.Machine(user: 100, nice: 2, system: 30, idle: 5000, iowait: 70, irq: 1, softirq: 4, steal: 3);

        Assert.Equal(100 + 2 + 30 + 1 + 4 + 3, proc.Directory.ReadMachineBusyTicks());
    }

    [Fact]
    public void ReadMachineBusyTicks_NoStatFile_Null()
    {
        using var proc = new FakeProc();

        Assert.Null(proc.Directory.ReadMachineBusyTicks());
    }

    [Fact]
    public void ReadPeakRssKiB_StatusWithVmHwm_Read()
    {
        using var proc = new FakeProc();
        proc.Process(10, 1, 0, 0, vmHwmKiB: 153_600);
        proc.Process(11, 1, 0, 0);

        Assert.Equal(153_600, proc.Directory.ReadPeakRssKiB(10));
        Assert.Null(proc.Directory.ReadPeakRssKiB(11));
        Assert.Null(proc.Directory.ReadPeakRssKiB(12));
    }

    [Fact]
    public void ReadPeakRssKiB_ThisProcessFromProc_Positive()
    {
        Assert.True(ProcDirectory.System.ReadPeakRssKiB(Environment.ProcessId) > 0);
    }
}
