using System.Net;
using System.Security.Cryptography;

namespace Sigilum.Sdk.Retry;

/// <summary>
/// Retry with exponential backoff and jitter, for idempotent calls only (the reference SDKs'
/// <c>retryWithBackoff</c> and <c>shouldRetryHttpStatus</c>). Every attempt of a signed request must be
/// signed again (fresh <c>created</c> and nonce): build a new request per attempt and send it through the
/// signing handler; replaying captured signature headers is rejected by verifiers as a replay.
/// </summary>
public static class SigilumRetry
{
    /// <summary>True for the statuses worth retrying: 429, 502, 503 and 504.</summary>
    public static bool ShouldRetryHttpStatus(int statusCode) => statusCode is 429 or 502 or 503 or 504;

    /// <summary>True for the statuses worth retrying: 429, 502, 503 and 504.</summary>
    public static bool ShouldRetryHttpStatus(HttpStatusCode statusCode) => ShouldRetryHttpStatus((int)statusCode);

    /// <summary>
    /// Runs <paramref name="operation"/> up to <see cref="SigilumRetryOptions.Attempts"/> times. A result for
    /// which <paramref name="shouldRetryResult"/> is true, or an exception for which
    /// <paramref name="shouldRetryException"/> is true (default: transport failures and timeouts), causes a
    /// delayed retry; the last attempt's result or exception is returned as is. A result that is retried
    /// and implements <see cref="IDisposable"/> (an <see cref="HttpResponseMessage"/>) is disposed.
    /// </summary>
    /// <exception cref="ArgumentException">More than one attempt without <see cref="SigilumRetryOptions.Idempotent"/>.</exception>
    public static async Task<T> RetryWithBackoffAsync<T>(
        Func<CancellationToken, Task<T>> operation,
        SigilumRetryOptions options,
        Func<T, bool>? shouldRetryResult = null,
        Func<Exception, bool>? shouldRetryException = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        Validate(options);
        shouldRetryException ??= ex => IsTransient(ex, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= options.Attempts;
            T result;
            try
            {
                result = await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!last && !cancellationToken.IsCancellationRequested && shouldRetryException(ex))
            {
                await Task.Delay(ComputeDelay(attempt, options), options.TimeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (last || shouldRetryResult is null || !shouldRetryResult(result))
            {
                return result;
            }
            (result as IDisposable)?.Dispose();
            await Task.Delay(ComputeDelay(attempt, options), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends an HTTP request with retries on 429/502/503/504 and on transport failures. Responses that are
    /// retried are disposed. <paramref name="send"/> must create a new request on every call (an
    /// <see cref="HttpRequestMessage"/> cannot be sent twice).
    /// </summary>
    public static Task<HttpResponseMessage> SendWithRetryAsync(
        Func<CancellationToken, Task<HttpResponseMessage>> send,
        SigilumRetryOptions options,
        CancellationToken cancellationToken = default) =>
        RetryWithBackoffAsync(send, options, response => ShouldRetryHttpStatus(response.StatusCode), null, cancellationToken);

    /// <summary>
    /// Delay after failed attempt <paramref name="attempt"/> (1-based): BaseDelay·2^(attempt-1), capped at
    /// MaxDelay, times a uniform factor in [1-jitter, 1+jitter], and never above MaxDelay.
    /// </summary>
    internal static TimeSpan ComputeDelay(int attempt, SigilumRetryOptions options)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var raw = Math.Min(options.MaxDelay.TotalMilliseconds, options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent));
        // RandomNumberGenerator, not Random: banned in this codebase, and jitter needs no seed to reproduce.
        var unit = RandomNumberGenerator.GetInt32(0, 1_000_001) / 1_000_000.0;
        var factor = 1 + (options.JitterRatio * ((2 * unit) - 1));
        var millis = Math.Clamp(raw * factor, 0, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(millis);
    }

    private static void Validate(SigilumRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Attempts, 1, nameof(options));
        if (options.Attempts > 1 && !options.Idempotent)
        {
            throw new ArgumentException(
                "Retrying requires Idempotent = true: a request that is not idempotent may take effect twice.", nameof(options));
        }
        if (options.BaseDelay < TimeSpan.Zero || options.MaxDelay < TimeSpan.Zero || options.JitterRatio is < 0 or > 1)
        {
            throw new ArgumentException("Delays must be non-negative and JitterRatio between 0 and 1.", nameof(options));
        }
    }

    // Transport failures and client-side timeouts; a cancellation the caller asked for is never retried.
    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or TimeoutException ||
        (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
