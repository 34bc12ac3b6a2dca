using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;

namespace Sigilum.Cli.Remote;

/// <summary>
/// HTTP to the control plane as one of its three callers: anonymous, signed by an identity (registration,
/// sign-in, namespace lookups) or as the namespace owner (Bearer token). JSON in, JSON out; failures become
/// one <see cref="CliException"/> each.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly bool _ownerCall;

    private ApiClient(HttpClient http, Uri baseUrl, bool ownerCall)
    {
        _http = http;
        _ownerCall = ownerCall;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static ApiClient Anonymous(CliContext context, Uri baseUrl) =>
        new(new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan }, baseUrl, ownerCall: false);

    /// <summary>Signs every request with <paramref name="identity"/>, which the caller keeps and disposes.</summary>
    public static ApiClient Signed(CliContext context, Uri baseUrl, SigningIdentity identity)
    {
        var options = new SigilumSigningOptions { TimeProvider = context.Environment.Time };
        var handler = new SigilumSigningHandler(identity, options, context.Environment.CreateHttpHandler());
        return new(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, baseUrl, ownerCall: false);
    }

    public static ApiClient Owner(CliContext context, Uri baseUrl, string token)
    {
        var http = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new(http, baseUrl, ownerCall: true);
    }

    /// <summary>Sends and returns the JSON body (null for 204); any non-2xx status throws the mapped error.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var response = await TrySendAsync(method, path, body, cancellationToken);
        return response.IsSuccess ? response.Body : throw ApiProblems.ToException(response, _ownerCall);
    }

    /// <summary>Sends and returns whatever status came back; only transport failures throw (exit code 5).</summary>
    public async Task<ApiResponse> TrySendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + path));
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("application/problem+json");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            return new ApiResponse((int)response.StatusCode, ApiResponse.ParseBody(bytes)) { Route = $"{method.Method} {path.Split('?')[0]}" };
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network,
                $"Cannot reach the control plane at {ApiUrl.Display(BaseUrl)} ({ex.Message}); is it running? Start it with: sigilum up");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network, $"The control plane at {ApiUrl.Display(BaseUrl)} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A path segment from user input, escaped so an id cannot walk to another route.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);
}
