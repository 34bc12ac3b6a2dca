using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Sigilum.Backends.Http;

/// <summary>
/// The one HTTP path of every network backend: sends within the caller's deadline (and the backend's own
/// cap), reads at most <see cref="MaxBody"/> bytes into a pinned buffer (BKD-04), and turns transport
/// failures into <see cref="BackendError"/> values. Error messages carry the backend name and what was
/// being done, never a header value or body.
/// </summary>
internal sealed class BackendHttp : IDisposable
{
    /// <summary>Largest answer we read (BKD-04); the biggest real payload (GCP, 64 KiB) fits with room.</summary>
    public const int MaxBody = 1024 * 1024;

    private readonly HttpClient _client;
    private readonly TimeSpan _cap;
    private readonly TimeProvider _time;

    /// <param name="backendName">For error messages.</param>
    /// <param name="context">Clock and (in tests) transport.</param>
    /// <param name="cap">The longest one call may take, whatever the caller's deadline.</param>
    /// <param name="trustedRoots">Extra CA roots (<c>ca_file</c>), trusted besides the system's.</param>
    public BackendHttp(string backendName, BackendContext context, TimeSpan cap, X509Certificate2Collection? trustedRoots = null)
    {
        BackendName = backendName;
        _cap = cap;
        _time = context.Time;
        var handler = context.Handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            SslOptions = trustedRoots is null ? new SslClientAuthenticationOptions() : new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByRoots(certificate, errors, trustedRoots),
            },
        };
        _client = new HttpClient(handler, disposeHandler: context.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string BackendName { get; }

    /// <summary>Sends <paramref name="request"/> (disposed here); <paramref name="what"/> says what for errors, e.g. "reading 'kv/data/x'".</summary>
    public async Task<(HttpAnswer? Answer, BackendError? Error)> SendAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        using var _ = request;
        using var deadline = new CancellationTokenSource(_cap, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var (buffer, length, tooLarge) = await ReadBodyAsync(response.Content, linked.Token).ConfigureAwait(false);
            if (tooLarge)
            {
                return (null, Fail(BackendErrorKind.Malformed, $"the answer while {what} is larger than {MaxBody} bytes."));
            }
            return (new HttpAnswer(response.StatusCode, response.Headers, buffer, length), null);
        }
        catch (OperationCanceledException)
        {
            return (null, Fail(BackendErrorKind.Timeout, $"no answer in time while {what}."));
        }
        catch (HttpRequestException e)
        {
            // The exception text names the host and socket error only; we still use our own words.
            return (null, Fail(BackendErrorKind.Unavailable, $"could not reach the backend while {what} ({e.HttpRequestError})."));
        }
    }

    /// <summary>The error for a non-2xx status: 401/403 auth, 404 not found, 429 throttled, 5xx unavailable.</summary>
    public BackendError? StatusError(HttpAnswer answer, string what)
    {
        var status = (int)answer.Status;
        return status switch
        {
            >= 200 and < 300 => null,
            401 or 403 => Fail(BackendErrorKind.Unauthorized, $"the backend refused our credentials while {what} (HTTP {status})."),
            404 => Fail(BackendErrorKind.NotFound, $"nothing found while {what} (HTTP 404)."),
            429 => Fail(BackendErrorKind.Throttled, $"the backend is throttling us while {what} (HTTP 429).") with { RetryAfter = RetryAfter(answer.Headers) },
            >= 500 => Fail(BackendErrorKind.Unavailable, $"the backend failed while {what} (HTTP {status})."),
            _ => Fail(BackendErrorKind.Malformed, $"unexpected HTTP {status} while {what}."),
        };
    }

    /// <summary>
    /// Parses the answer's JSON body and hands its root to <paramref name="read"/> while the document lives (it is disposed
    /// when <paramref name="read"/> returns, so nothing may keep an element); a body that is not JSON is <c>Malformed</c>.
    /// </summary>
    public BackendResult ReadJson(HttpAnswer answer, string what, Func<JsonElement, BackendResult> read)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(read);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer.BodyMemory);
        }
        catch (JsonException)
        {
            return Fail(BackendErrorKind.Malformed, $"the answer while {what} is not JSON.");
        }
        using (document)
        {
            return read(document.RootElement);
        }
    }

    public BackendError Fail(BackendErrorKind kind, string message) => BackendError.Of(kind, $"Backend '{BackendName}': {message}");

    public TimeSpan? RetryAfter(HttpResponseHeaders headers)
    {
        var retry = headers.RetryAfter;
        if (retry?.Delta is { } delta)
        {
            return delta;
        }
        if (retry?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>System trust first; otherwise the chain must build to one of <paramref name="roots"/>, and the name must match either way.</summary>
    private static bool TrustedByRoots(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static async Task<(byte[] Buffer, int Length, bool TooLarge)> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > MaxBody)
        {
            return ([], 0, true);
        }
        var buffer = GC.AllocateArray<byte>((int)(declared ?? 4096) + 1, pinned: true);
        var length = 0;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length > MaxBody)
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                        return ([], 0, true);
                    }
                    // Grow into a new pinned array and wipe the old one: no stray copies of the secret.
                    var bigger = GC.AllocateArray<byte>(Math.Min(buffer.Length * 2, MaxBody + 1), pinned: true);
                    buffer.CopyTo(bigger, 0);
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = bigger;
                }
                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
        }
        if (length > MaxBody)
        {
            CryptographicOperations.ZeroMemory(buffer);
            return ([], 0, true);
        }
        return (buffer, length, false);
    }

    public void Dispose() => _client.Dispose();
}
