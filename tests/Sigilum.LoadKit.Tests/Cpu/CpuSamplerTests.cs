namespace Sigilum.LoadKit.Cpu;

public sealed class CpuSamplerTests
{
    private static readonly FakeTimeProvider Time = new(1_800_000_000);

    [Fact]
    public void Report_TicksBetweenSnapshots_CpuSecondsAndMicrosPerRequest()
    {
        using var proc = new FakeProc();
        var sampler = new CpuSampler([new CpuTarget("gateway", 10), new CpuTarget("control-plane", 20)], proc.Directory, 100, Time);
        proc.Process(10, 1, utime: 100, stime: 50);
        proc.Process(20, 1, utime: 40, stime: 10);
        proc.Machine(1000, 0, 500, 9000, 0, 0, 0, 0);
        var start = sampler.Take();
        proc.Process(10, 1, utime: 200, stime: 100, vmHwmKiB: 140_000); // +150 ticks = 1.5 s
        proc.Process(20, 1, utime: 41, stime: 10);                       // +1 tick = 10 ms
        proc.Machine(1200, 0, 600, 9500, 0, 0, 0, 0);                    // +300 busy ticks
        var end = sampler.Take();

        var report = sampler.Report(start, end, requests: 10_000);

        Assert.Equal(10_000, report.Requests);
        Assert.Equal(3.0, report.MachineBusySeconds!.Value, 6);
        Assert.Equal(100, report.ClockTicksPerSecond);
        var gateway = report.Processes[0];
        Assert.Equal(("gateway", 10, 1), (gateway.Name, gateway.Pid, gateway.Processes));
        Assert.Equal(1.5, gateway.CpuSeconds!.Value, 6);
        Assert.Equal(150.0, gateway.MicrosPerRequest!.Value, 6);
        Assert.Equal(140_000, gateway.PeakRssKiB);
        Assert.Equal(1.0, report.Processes[1].MicrosPerRequest!.Value, 6);
    }

    [Fact]
    public void Report_WorkerExitedInsideTheWindow_ItsTicksStillCount()
    {
        using var proc = new FakeProc();
        var sampler = new CpuSampler([new CpuTarget("nginx", 30)], proc.Directory, 100, Time);
        proc.Process(30, 1, 1, 1);
        proc.Process(31, 30, 100, 0);
        var start = sampler.Take();
        proc.Exit(31);
        proc.Process(30, 1, 1, 1, cutime: 150); // the master reaped the worker: its 150 ticks moved here

        var report = sampler.Report(start, sampler.Take(), requests: 50);

        Assert.Equal(0.5, report.Processes[0].CpuSeconds!.Value, 6);
        Assert.Equal(1, report.Processes[0].Processes);
    }

    [Fact]
    public void Report_ProcessGoneAtTheEnd_NoFigures()
    {
        using var proc = new FakeProc();
        var sampler = new CpuSampler([new CpuTarget("gateway", 10)], proc.Directory, 100, Time);
        proc.Process(10, 1, 100, 50);
        var start = sampler.Take();
        proc.Exit(10);

        var gateway = sampler.Report(start, sampler.Take(), requests: 10).Processes[0];

        Assert.Null(gateway.CpuSeconds);
        Assert.Null(gateway.MicrosPerRequest);
        Assert.Null(gateway.Processes);
    }

    [Fact]
    public void Report_NoRequests_SecondsButNoPerRequestFigure()
    {
        using var proc = new FakeProc();
        var sampler = new CpuSampler([new CpuTarget("gateway", 10)], proc.Directory, 100, Time);
        proc.Process(10, 1, 100, 50);
        var start = sampler.Take();
        proc.Process(10, 1, 110, 50);

        var gateway = sampler.Report(start, sampler.Take(), requests: 0).Processes[0];

        Assert.Equal(0.1, gateway.CpuSeconds!.Value, 6);
        Assert.Null(gateway.MicrosPerRequest);
    }

    [Fact]
    public void ForThisProcess_AddsTheLoadToolItself()
    {
        var sampler = CpuSampler.ForThisProcess([]);

        var snapshot = sampler.Take();

        Assert.NotNull(snapshot.Targets[CpuSampler.LoadToolName]);
        Assert.NotNull(snapshot.MachineBusyTicks);
    }
}
