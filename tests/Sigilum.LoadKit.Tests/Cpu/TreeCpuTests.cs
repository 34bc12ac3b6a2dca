namespace Sigilum.LoadKit.Cpu;

public sealed class TreeCpuTests
{
    private static Dictionary<int, ProcStat> Table(params ProcStat[] stats) => stats.ToDictionary(s => s.Pid);

    [Fact]
    public void Of_MasterWithWorkers_SumsOwnAndReapedTicksOfTheTree()
    {
        var all = Table(
            new ProcStat(30, 1, 5, 5, 100, 0),  // nginx master, reaped an old worker worth 100
            new ProcStat(31, 30, 200, 50, 0, 0), // worker
            new ProcStat(32, 30, 300, 60, 0, 0), // worker
            new ProcStat(33, 31, 1, 1, 0, 0));   // grandchild

        Assert.Equal(new TreeCpu(10 + 100 + 250 + 360 + 2, 4), TreeCpu.Of(30, all));
    }

    [Fact]
    public void Of_UnrelatedProcesses_NotCounted()
    {
        var all = Table(new ProcStat(10, 1, 7, 3, 0, 0), new ProcStat(11, 1, 500, 500, 0, 0), new ProcStat(1, 0, 9, 9, 999, 999));

        Assert.Equal(new TreeCpu(10, 1), TreeCpu.Of(10, all));
    }

    [Fact]
    public void Of_RootMissing_Null()
    {
        Assert.Null(TreeCpu.Of(10, Table(new ProcStat(11, 10, 1, 1, 0, 0))));
    }

    [Fact]
    public void Of_ParentCycleFromPidReuse_CountsEachProcessOnce()
    {
        var all = Table(new ProcStat(5, 6, 1, 0, 0, 0), new ProcStat(6, 5, 2, 0, 0, 0));

        Assert.Equal(new TreeCpu(3, 2), TreeCpu.Of(5, all));
    }
}
