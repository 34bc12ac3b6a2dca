using Microsoft.Extensions.Primitives;

namespace Sigilum.Gateway.Hold;

public sealed class HoldPlanTests
{
    [Fact]
    public void Of_ConnectionHoldOff_NeverHoldsWhateverThePreference()
    {
        var plan = HoldPlan.Of(0, new StringValues("wait=30"));

        Assert.False(plan.Holds);
        Assert.False(plan.Preferred);
    }

    [Fact]
    public void Of_NoPreference_HoldsForTheConnectionsSeconds()
    {
        var plan = HoldPlan.Of(45, StringValues.Empty);

        Assert.Equal(new HoldPlan(45, false), plan);
    }

    [Fact]
    public void Of_PreferWaitAboveTheConnection_CappedByTheConnection()
    {
        var plan = HoldPlan.Of(30, new StringValues("wait=600"));

        Assert.Equal(new HoldPlan(30, true), plan);
        Assert.Equal("wait=30", plan.PreferenceApplied);
    }

    [Fact]
    public void Of_PreferWaitBelowTheConnection_ShortensTheHold()
    {
        Assert.Equal(new HoldPlan(5, true), HoldPlan.Of(30, new StringValues("respond-async, wait=5")));
    }

    [Fact]
    public void Of_PreferWaitZero_DoesNotHold()
    {
        Assert.False(HoldPlan.Of(30, new StringValues("wait=0")).Holds);
    }

    [Theory]
    [InlineData("WAIT=7", 7)]
    [InlineData("wait=\"7\"", 7)]
    [InlineData("wait=7; foo=bar", 7)]
    [InlineData("wait=7, wait=9", 7)]
    [InlineData("return=minimal,wait=7", 7)]
    [InlineData("wait=99999999999", int.MaxValue)]
    public void RequestedWait_RfcSpellings_Read(string header, int expected)
    {
        Assert.Equal(expected, HoldPlan.RequestedWait(new StringValues(header)));
    }

    [Theory]
    [InlineData("wait=-1")]
    [InlineData("wait=soon")]
    [InlineData("wait")]
    [InlineData("waiting=5")]
    [InlineData("")]
    public void RequestedWait_NotAWholeNumberOfSeconds_Ignored(string header)
    {
        Assert.Null(HoldPlan.RequestedWait(new StringValues(header)));
    }

    [Fact]
    public void RequestedWait_SecondPreferHeader_Read()
    {
        Assert.Equal(4, HoldPlan.RequestedWait(new StringValues(["respond-async", "wait=4"])));
    }
}
