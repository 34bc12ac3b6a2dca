using System.Globalization;

namespace Sigilum.LoadKit.Cpu;

/// <summary>A directory laid out like /proc (<c>&lt;pid&gt;/stat</c>, <c>&lt;pid&gt;/status</c>, <c>stat</c>) that tests write.</summary>
internal sealed class FakeProc : IDisposable
{
    private readonly TempDirectory _dir = new("sigilum-fakeproc-");

    public string Root => _dir.Path;

    public ProcDirectory Directory => new(Root);

    /// <summary>Writes a stat line in the kernel's format (52 fields; the ones after cstime are zeros).</summary>
    public void Process(int pid, int ppid, long utime, long stime, long cutime = 0, long cstime = 0, string comm = "dotnet", long? vmHwmKiB = null)
    {
        var dir = System.IO.Directory.CreateDirectory(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture))).FullName;
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
        var tail = string.Join(' ', Enumerable.Repeat("0", 35));
        File.WriteAllText(Path.Combine(dir, "stat"), string.Create(CultureInfo.InvariantCulture,
            $"{pid} ({comm}) S {ppid} {pid} {pid} 0 -1 4194560 1200 0 3 0 {utime} {stime} {cutime} {cstime} {tail}\n"));
        if (vmHwmKiB is { } hwm)
        {
            File.WriteAllText(Path.Combine(dir, "status"), string.Create(CultureInfo.InvariantCulture,
                $"Name:\t{comm}\nVmPeak:\t 9999999 kB\nVmHWM:\t  {hwm} kB\nVmRSS:\t  1000 kB\n"));
        }
    }

    public void Exit(int pid) => System.IO.Directory.Delete(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture)), recursive: true);

    /// <summary>The machine's <c>cpu</c> line: user nice system idle iowait irq softirq steal guest guest_nice.</summary>
    public void Machine(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) =>
        File.WriteAllText(Path.Combine(Root, "stat"), string.Create(CultureInfo.InvariantCulture,
            $"cpu  {user} {nice} {system} {idle} {iowait} {irq} {softirq} {steal} 7 0\ncpu0 1 2 3 4 5 6 7 8 0 0\nintr 123\n"));

    public void Dispose() => _dir.Dispose();
}
