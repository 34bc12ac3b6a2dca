using System.Net;

namespace Sigilum.Sdk.Retry;

public sealed class SigilumRetryTests
{
    private readonly ImmediateTimeProvider _time = new();

    private SigilumRetryOptions Options(int attempts = 3, bool idempotent = true) =>
        new() { Attempts = attempts, Idempotent = idempotent, TimeProvider = _time };

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(200, false)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(500, false)]
    public void ShouldRetryHttpStatus_Status_MatchesReferenceSet(int status, bool expected)
    {
        Assert.Equal(expected, SigilumRetry.ShouldRetryHttpStatus(status));
        Assert.Equal(expected, SigilumRetry.ShouldRetryHttpStatus((HttpStatusCode)status));
    }

    [Fact]
    public async Task RetryWithBackoffAsync_SeveralAttemptsNotIdempotent_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            SigilumRetry.RetryWithBackoffAsync(_ => Task.FromResult(1), Options(idempotent: false)));
    }

    [Fact]
    public async Task RetryWithBackoffAsync_OneAttemptNotIdempotent_RunsOnce()
    {
        var calls = 0;

        var result = await SigilumRetry.RetryWithBackoffAsync(_ => Task.FromResult(++calls), Options(attempts: 1, idempotent: false));

        Assert.Equal(1, result);
        Assert.Empty(_time.Delays);
    }

    [Fact]
    public async Task RetryWithBackoffAsync_RetryableResultsThenSuccess_ReturnsSuccessAfterBackoff()
    {
        var results = new Queue<int>([503, 503, 200]);

        var result = await SigilumRetry.RetryWithBackoffAsync(
            _ => Task.FromResult(results.Dequeue()), Options(), SigilumRetry.ShouldRetryHttpStatus);

        Assert.Equal(200, result);
        Assert.Equal(2, _time.Delays.Count);
        Assert.InRange(_time.Delays[0].TotalMilliseconds, 80, 120);
        Assert.InRange(_time.Delays[1].TotalMilliseconds, 160, 240);
    }

    [Fact]
    public async Task RetryWithBackoffAsync_AlwaysRetryable_ReturnsLastResultAfterAllAttempts()
    {
        var calls = 0;

        var result = await SigilumRetry.RetryWithBackoffAsync(
            _ => Task.FromResult(++calls), Options(attempts: 4), _ => true);

        Assert.Equal(4, result);
        Assert.Equal(3, _time.Delays.Count);
    }

    [Fact]
    public async Task RetryWithBackoffAsync_TransportFailureThenSuccess_Retries()
    {
        var calls = 0;

        var result = await SigilumRetry.RetryWithBackoffAsync(
            _ => ++calls == 1 ? throw new HttpRequestException("connection refused") : Task.FromResult("ok"), Options());

        Assert.Equal("ok", result);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task RetryWithBackoffAsync_TransportFailureEveryTime_ThrowsLastException()
    {
        var calls = 0;

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => SigilumRetry.RetryWithBackoffAsync<int>(
            _ => throw new HttpRequestException($"failure {++calls}"), Options()));

        Assert.Equal("failure 3", ex.Message);
    }

    [Fact]
    public async Task RetryWithBackoffAsync_NonTransientException_DoesNotRetry()
    {
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => SigilumRetry.RetryWithBackoffAsync<int>(
            _ =>
            {
                calls++;
                throw new InvalidOperationException("bug");
            },
            Options()));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task RetryWithBackoffAsync_CallerCancels_StopsWithoutRetry()
    {
        using var cts = new CancellationTokenSource();
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SigilumRetry.RetryWithBackoffAsync<int>(
            _ =>
            {
                calls++;
                cts.Cancel();
                throw new TaskCanceledException();
            },
            Options(),
            cancellationToken: cts.Token));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task SendWithRetryAsync_RetriedResponses_AreDisposed()
    {
        var responses = new List<HttpResponseMessage>();

        var final = await SigilumRetry.SendWithRetryAsync(_ =>
        {
            var response = new HttpResponseMessage(responses.Count < 2 ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK)
            {
                Content = new StringContent("x"),
            };
            responses.Add(response);
            return Task.FromResult(response);
        }, Options());

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Throws<ObjectDisposedException>(() => responses[0].Content.ReadAsStream());
        Assert.Equal("x", await final.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(3, 400)]
    [InlineData(4, 800)]
    [InlineData(5, 1600)]
    public void ComputeDelay_Attempt_DoublesWithinJitter(int attempt, double centreMillis)
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = SigilumRetry.ComputeDelay(attempt, new SigilumRetryOptions()).TotalMilliseconds;
            Assert.InRange(delay, centreMillis * 0.8, Math.Min(centreMillis * 1.2, 2000));
        }
    }

    [Fact]
    public void ComputeDelay_LateAttempt_NeverExceedsMaxDelay()
    {
        for (var i = 0; i < 200; i++)
        {
            var delay = SigilumRetry.ComputeDelay(40, new SigilumRetryOptions()).TotalMilliseconds;
            Assert.InRange(delay, 1600, 2000);
        }
    }

    [Fact]
    public void ComputeDelay_ManySamples_UsesJitterRange()
    {
        var samples = Enumerable.Range(0, 500).Select(_ => SigilumRetry.ComputeDelay(1, new SigilumRetryOptions()).TotalMilliseconds).ToList();

        Assert.True(samples.Min() < 95 && samples.Max() > 105, "jitter should spread delays around the base");
    }
}
