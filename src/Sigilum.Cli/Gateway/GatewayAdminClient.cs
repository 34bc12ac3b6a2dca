using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// HTTP to the gateway's admin API (<c>/api/admin/…</c>, spec §3.1): JSON in, JSON out, Sigilum's error envelope
/// <c>{error, code, request_id}</c> turned into one line and an exit code (the status mapping of <see cref="ApiProblems"/>).
/// The admin token (see <see cref="ResolveToken"/>) is sent as <c>X-Sigilum-Admin-Token</c> and never printed.
/// </summary>
internal sealed class GatewayAdminClient : IDisposable
{
    public const string UrlVariable = "SIGILUM_GATEWAY_URL";
    public const string TokenVariable = "GATEWAY_ADMIN_TOKEN";
    public const string DefaultUrl = "http://127.0.0.1:38100";
    public const string TokenHeader = "X-Sigilum-Admin-Token";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public GatewayAdminClient(CliContext context, Uri baseUrl, string? adminToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        BaseUrl = baseUrl;
        _http = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(adminToken))
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation(TokenHeader, adminToken);
        }
    }

    public Uri BaseUrl { get; }

    public string Display => ApiUrl.Display(BaseUrl);

    /// <summary>
    /// <c>--gateway-url</c>, else <c>SIGILUM_GATEWAY_URL</c>, else the gateway this home runs (its run state), else
    /// <c>http://127.0.0.1:38100</c>.
    /// </summary>
    public static Uri ResolveUrl(CliContext context, string? flag, SigilumPaths paths)
    {
        ArgumentNullException.ThrowIfNull(context);
        var chosen = NonEmpty(flag) ?? NonEmpty(context.Environment.GetVariable(UrlVariable)) ?? RunState.ReadLive(paths, ServerKind.Gateway)?.Url ?? DefaultUrl;
        if (!Uri.TryCreate(chosen.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new CliException(ExitCodes.Usage, $"The gateway URL must be an absolute http(s) URL without query or credentials, not '{chosen}'.");
        }
        return new Uri(uri.AbsoluteUri.TrimEnd('/'));
    }

    /// <summary>
    /// The admin token from <c>--admin-token-file</c>, else <c>GATEWAY_ADMIN_TOKEN</c>, else the token the gateway of this
    /// home generated (<c>&lt;home&gt;/gateway/admin.token</c>, ADR 0020) when <paramref name="gatewayUrl"/> is on loopback —
    /// that file belongs to the local gateway and is never sent to another host. Null when none applies. Never a flag
    /// value: it would show in <c>ps</c> and shell history.
    /// </summary>
    public static string? ResolveToken(CliContext context, string? tokenFile, SigilumPaths paths, Uri gatewayUrl)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(gatewayUrl);
        if (NonEmpty(tokenFile) is { } file)
        {
            return ReadTokenFile(context.ResolvePath(file), required: true);
        }
        if (NonEmpty(context.Environment.GetVariable(TokenVariable)) is { } fromEnvironment)
        {
            return fromEnvironment;
        }
        var generated = LocalTokenPath(paths);
        return gatewayUrl.IsLoopback && File.Exists(generated) ? ReadTokenFile(generated, required: false) : null;
    }

    /// <summary>Where the gateway of <paramref name="paths"/> keeps its generated admin token.</summary>
    public static string LocalTokenPath(SigilumPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Path.Combine(paths.GatewayDirectory, Sigilum.Gateway.Operations.AdminAccessOptions.TokenFileName);
    }

    private static string? ReadTokenFile(string path, bool required)
    {
        byte[] bytes;
        try
        {
            bytes = InputFiles.ReadBytes(path, 4096, "admin token file");
        }
        catch (CliException) when (!required)
        {
            // The gateway may run as another user (its own service account): then this user cannot read its token,
            // which is the point; the refusal that follows says how to pass one.
            return null;
        }
        try
        {
            var token = Encoding.UTF8.GetString(bytes).Trim();
            return token.Length > 0 ? token : required ? throw new CliException(ExitCodes.Usage, $"The admin token file {path} is empty.") : null;
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    /// <summary>Sends and returns the JSON body (null for 204); any non-2xx status throws the mapped error.</summary>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken)
    {
        var response = await TrySendAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString()), cancellationToken);
        return response.IsSuccess ? response.Body : throw ToException(response);
    }

    /// <summary>
    /// Sends a body the caller built as UTF-8 bytes (it holds secrets: the caller zeroes it after this returns) and
    /// returns whatever status came back; only transport failures throw (exit code 5).
    /// </summary>
    public async Task<ApiResponse> TrySendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + "/api/admin" + path));
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var bytes = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            return new ApiResponse((int)response.StatusCode, ApiResponse.ParseBody(bytes))
            {
                Route = $"{method.Method} /api/admin{path.Split('?')[0]}",
                // Only Sigilum's own headers: nothing the admin API sends there is secret.
                Headers = response.Headers.Where(h => h.Key.StartsWith("X-Sigilum-", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
            };
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network,
                $"Cannot reach the gateway at {Display} ({ex.Message}); is it running? Start it with: sigilum gateway start --detach (or sigilum up)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network, $"The gateway at {Display} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }
    }

    /// <summary>The gateway's envelope as one line: <c>message (CODE, request req_…)</c>, exit code by status.</summary>
    public CliException ToException(ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status == 404 && response.Body is null)
        {
            return new CliException(ExitCodes.NotFound, $"{response.Route} does not exist on the gateway at {Display} (HTTP 404); is it an older version?");
        }
        var detail = (response.Detail ?? $"the gateway answered HTTP {response.Status}").TrimEnd('.');
        var extra = new List<string>();
        if (response.Code is { } code)
        {
            extra.Add(code);
        }
        if (response.Body is JsonObject obj && obj["request_id"] is JsonValue id && id.TryGetValue<string>(out var requestId))
        {
            extra.Add("request " + requestId);
        }
        var message = extra.Count > 0 ? $"{detail} ({string.Join(", ", extra)})" : detail;
        if (response.Status is 401 or 403)
        {
            message += $"; the gateway's admin API needs its admin token: --admin-token-file FILE, ${TokenVariable}, or (for this home's own gateway on loopback) " +
                "the admin.token file in its data directory, readable by you";
        }
        return new CliException(ApiProblems.ExitCodeFor(response.Status), message);
    }

    public void Dispose() => _http.Dispose();

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
