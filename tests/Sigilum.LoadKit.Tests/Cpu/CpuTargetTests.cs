namespace Sigilum.LoadKit.Cpu;

public sealed class CpuTargetTests
{
    [Theory]
    [InlineData("gateway=1234", "gateway", 1234)]
    [InlineData("control-plane=7", "control-plane", 7)]
    [InlineData("a=b=9", "a=b", 9)]
    public void TryParse_NameEqualsPid_Parsed(string text, string name, int pid)
    {
        Assert.Equal(new CpuTarget(name, pid), CpuTarget.TryParse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gateway")]
    [InlineData("=1234")]
    [InlineData(" =1234")]
    [InlineData("gateway=")]
    [InlineData("gateway=abc")]
    [InlineData("gateway=-5")]
    [InlineData("gateway=0")]
    [InlineData("gateway=99999999999")]
    public void TryParse_Malformed_Null(string? text)
    {
        Assert.Null(CpuTarget.TryParse(text));
    }
}
