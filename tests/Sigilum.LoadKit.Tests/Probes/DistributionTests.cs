namespace Sigilum.LoadKit.Probes;

public sealed class DistributionTests
{
    [Fact]
    public void Of_OneToHundred_NearestRankPercentiles()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)(101 - i)).ToArray(); // unsorted on purpose

        Assert.Equal(new Distribution(100, 50, 99, 50.5, 1, 100), Distribution.Of(samples));
    }

    [Fact]
    public void Of_OneSample_AllFiguresAreIt()
    {
        Assert.Equal(new Distribution(1, 7, 7, 7, 7, 7), Distribution.Of([7.0]));
    }

    [Fact]
    public void Of_NoSamples_Zeros()
    {
        Assert.Equal(new Distribution(0, 0, 0, 0, 0, 0), Distribution.Of([]));
    }
}
