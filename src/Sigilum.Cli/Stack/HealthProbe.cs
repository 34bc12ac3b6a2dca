namespace Sigilum.Cli.Stack;

/// <summary>Does a server (control plane, gateway) answer <c>GET /health</c> (or another health path) at this URL with 2xx?</summary>
internal static class HealthProbe
{
    public static async Task<bool> IsHealthyAsync(CliContext context, string url, CancellationToken cancellationToken, string path = "/health")
    {
        using var http = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var response = await http.GetAsync(new Uri(url.TrimEnd('/') + path), deadline.Token);
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
