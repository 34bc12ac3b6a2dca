using YarpError = Yarp.ReverseProxy.Forwarder.ForwarderError;

namespace Sigilum.Gateway.Forwarding;

/// <summary>YARP's errors mapped to ours: each case flips one fact about the exchange and nothing else.</summary>
public sealed class ForwardingOutcomeTests
{
    private static ForwarderError Of(
        YarpError error, bool bodyLimitExceeded = false, bool clientAborted = false, bool headersTimedOut = false, bool responseStarted = false, bool timedOut = false) =>
        ForwardingOutcome.Of(error, bodyLimitExceeded, clientAborted, headersTimedOut, responseStarted, timedOut);

    [Fact]
    public void Of_YarpNone_None() => Assert.Equal(ForwarderError.None, Of(YarpError.None, headersTimedOut: true));

    [Fact]
    public void Of_RequestFailed_UpstreamUnreachable() => Assert.Equal(ForwarderError.UpstreamUnreachable, Of(YarpError.Request));

    [Fact]
    public void Of_BodyCounterStoppedTheCopy_RequestBodyTooLargeNotYarps400() =>
        Assert.Equal(ForwarderError.RequestBodyTooLarge, Of(YarpError.RequestBodyClient, bodyLimitExceeded: true));

    [Fact]
    public void Of_AgentWentAway_ClientAborted() => Assert.Equal(ForwarderError.ClientAborted, Of(YarpError.RequestCanceled, clientAborted: true));

    [Fact]
    public void Of_OurHeadersTimeoutFired_UpstreamTimeoutNotYarps502() =>
        Assert.Equal(ForwarderError.UpstreamTimeout, Of(YarpError.RequestCanceled, headersTimedOut: true));

    [Fact]
    public void Of_YarpRequestTimedOut_UpstreamTimeout() => Assert.Equal(ForwarderError.UpstreamTimeout, Of(YarpError.RequestTimedOut));

    [Fact]
    public void Of_ActivityTimeoutBeforeTheResponseStarted_UpstreamTimeout() =>
        Assert.Equal(ForwarderError.UpstreamTimeout, Of(YarpError.ResponseBodyDestination, timedOut: true));

    [Fact]
    public void Of_FailureAfterTheResponseStarted_UpstreamResponseAborted() =>
        Assert.Equal(ForwarderError.UpstreamResponseAborted, Of(YarpError.ResponseBodyDestination, responseStarted: true));

    [Fact]
    public void Of_ResponseHeadersRefused_UpstreamUnreachable() => Assert.Equal(ForwarderError.UpstreamUnreachable, Of(YarpError.ResponseHeaders));

    [Theory]
    [InlineData(nameof(ForwarderError.RequestBodyTooLarge), "REQUEST_BODY_TOO_LARGE", 413)]
    [InlineData(nameof(ForwarderError.UpstreamTimeout), "UPSTREAM_TIMEOUT", 504)]
    [InlineData(nameof(ForwarderError.UpstreamUnreachable), "UPSTREAM_ERROR", 502)]
    public void ErrorFor_Outcome_OurCodeAndStatus(string outcome, string code, int status)
    {
        var error = ForwardingOutcome.ErrorFor(Enum.Parse<ForwarderError>(outcome));

        Assert.Equal(code, error.Code);
        Assert.Equal(status, error.Status);
    }
}
