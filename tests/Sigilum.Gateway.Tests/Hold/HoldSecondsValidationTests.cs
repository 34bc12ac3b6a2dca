using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.Hold;

public sealed class HoldSecondsValidationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    public void HoldSeconds_WithinTheBound_Accepted(int seconds)
    {
        Assert.Null(ConnectionValidation.HoldSeconds(seconds));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void HoldSeconds_OutsideTheBound_Refused(int seconds)
    {
        var error = ConnectionValidation.HoldSeconds(seconds);

        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Contains("hold_seconds must be 0-300", error.Message, StringComparison.Ordinal);
    }
}
