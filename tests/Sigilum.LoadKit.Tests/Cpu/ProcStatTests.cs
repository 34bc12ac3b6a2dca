namespace Sigilum.LoadKit.Cpu;

public sealed class ProcStatTests
{
    private const string Tail = " 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0";

    [Fact]
    public void TryParse_KernelLine_ReadsPidParentAndTimes()
    {
        Assert.True(ProcStat.TryParse("4242 (dotnet) S 17 4242 4242 0 -1 4194560 1200 0 3 0 150 40 7 2" + Tail, out var stat));

        Assert.Equal(new ProcStat(4242, 17, 150, 40, 7, 2), stat);
        Assert.Equal(190, stat.OwnTicks);
        Assert.Equal(9, stat.ReapedChildTicks);
    }

    [Fact]
    public void TryParse_CommandWithSpacesAndParentheses_FieldsReadAfterLastParenthesis()
    {
        Assert.True(ProcStat.TryParse("31 (nginx: worker (x) process) S 30 30 30 0 -1 0 0 0 0 0 11 12 13 14" + Tail, out var stat));

        Assert.Equal(new ProcStat(31, 30, 11, 12, 13, 14), stat);
    }

    [Fact]
    public void TryParse_CommandThatImitatesFields_NotMistakenForThem()
    {
        // A process may name itself ") R 1 2 3 …"; only the last ')' ends the command name.
        Assert.True(ProcStat.TryParse("77 () R 1 2 3 4 5 6 7 8 9 10 11 12 13) S 5 77 77 0 -1 0 0 0 0 0 21 22 23 24" + Tail, out var stat));

        Assert.Equal(new ProcStat(77, 5, 21, 22, 23, 24), stat);
    }

    [Fact]
    public void TryParse_OnlyFieldsUpToCstime_Accepted()
    {
        Assert.True(ProcStat.TryParse("8 (a) S 1 8 8 0 -1 0 0 0 0 0 1 2 3 4", out var stat));

        Assert.Equal(new ProcStat(8, 1, 1, 2, 3, 4), stat);
    }

    [Fact]
    public void TryParse_NegativeReapedChildTicks_Accepted()
    {
        Assert.True(ProcStat.TryParse("9 (a) S 1 9 9 0 -1 0 0 0 0 0 1 2 -3 -4" + Tail, out var stat));

        Assert.Equal(-7, stat.ReapedChildTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 dotnet S 17 4242")]                              // no command name
    [InlineData("(dotnet) S 17 4242 4242 0 -1 0 0 0 0 0 1 2 3 4")]      // no pid
    [InlineData("x1 (dotnet) S 17 4242 4242 0 -1 0 0 0 0 0 1 2 3 4")]   // pid not a number
    [InlineData("4242 (dotnet) S 17 4242 4242 0 -1 0 0 0 0 0 1 2 3")]   // truncated before cstime
    [InlineData("4242 (dotnet) S 17 4242 4242 0 -1 0 0 0 0 0 1 x 3 4")] // stime not a number
    [InlineData("4242 (dotnet S 17 4242 4242 0 -1 0 0 0 0 0 1 2 3 4")]  // unclosed command name
    public void TryParse_NotAStatLine_False(string line)
    {
        Assert.False(ProcStat.TryParse(line, out _));
    }

    [Fact]
    public void TryParse_ThisProcessFromProc_ReadsItsOwnPid()
    {
        var stat = ProcDirectory.System.Read(Environment.ProcessId);

        Assert.NotNull(stat);
        Assert.Equal(Environment.ProcessId, stat.Value.Pid);
        Assert.True(stat.Value.ParentPid > 0);
    }
}
