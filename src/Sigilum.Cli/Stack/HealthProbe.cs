namespace Sigilum.Cli.Stack;

/// <summary>Does a control plane answer <c>GET /health</c> at this URL?</summary>
internal static class HealthProbe
{
    public static async Task<bool> IsHealthyAsync(CliContext context, string url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await http.GetAsync(new Uri(url.TrimEnd('/') + "/health"), deadline.Token);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
