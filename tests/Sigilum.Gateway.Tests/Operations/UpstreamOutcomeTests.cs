using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Operations;

public sealed class UpstreamOutcomeTests
{
    [Theory]
    [InlineData("None", 200, "success", null)]
    [InlineData("None", 302, "success", null)]
    [InlineData("None", 404, "http_4xx", null)]
    [InlineData("None", 503, "http_5xx", "http_5xx")]
    [InlineData("UpstreamUnreachable", 502, "error", "upstream_error")]
    [InlineData("UpstreamTimeout", 504, "timeout", "upstream_timeout")]
    [InlineData("UpstreamResponseAborted", 200, "response_aborted", "upstream_error")]
    [InlineData("ClientAborted", 0, "client_aborted", null)]
    [InlineData("RequestBodyTooLarge", 413, "body_too_large", null)]
    public void OfAndErrorClass_ForwardResult_KnownLabels(string name, int status, string outcome, string? errorClass)
    {
        var error = Enum.Parse<ForwarderError>(name);
        Assert.Equal(outcome, UpstreamOutcome.Of(error, status));
        Assert.Equal(errorClass, UpstreamOutcome.ErrorClass(error, status));
        // Every value is in the metric's fixed sets, so none is counted as "other".
        Assert.Contains(outcome, (IReadOnlySet<string>)MetricLabelValues.UpstreamOutcomes);
        Assert.True(errorClass is null || MetricLabelValues.UpstreamErrorClasses.Contains(errorClass), errorClass);
    }
}
