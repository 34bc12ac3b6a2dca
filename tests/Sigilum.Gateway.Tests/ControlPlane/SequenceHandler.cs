using System.Net;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Answers with the given statuses in turn (the last one repeats) and records every body sent.</summary>
internal sealed class SequenceHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
{
    private int _calls;

    public List<byte[]> Bodies { get; } = [];

    /// <summary>The <c>Sigilum-Error-Code</c> sent with every non-success answer, if any.</summary>
    public string? ErrorCode { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        HttpStatusCode status;
        lock (Bodies)
        {
            Bodies.Add(body);
            status = statuses[Math.Min(_calls++, statuses.Length - 1)];
        }
        var response = new HttpResponseMessage(status) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        if ((int)status >= 300 && ErrorCode is not null)
        {
            response.Headers.Add("Sigilum-Error-Code", ErrorCode);
        }
        return response;
    }
}
