using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Witness;

/// <summary>
/// Sends the vault's signed audit checkpoints to the control plane's witness (<c>POST /v1/witness/checkpoints</c>,
/// signed with the node key under the Sigilum RFC 9421 profile; docs/audit-witness.md), as the gateway's
/// CheckpointReporter does. Each checkpoint covers everything before it, so only the newest unsent one matters:
/// <see cref="Offer"/> replaces an older pending one and never blocks the audit writer. Network errors, 5xx, 401
/// and 429 are retried with doubling backoff; a refusal the witness would repeat (other 4xx) is recorded and
/// dropped. The acknowledged seq is persisted in the pairing file so a restart resends only newer heads.
/// </summary>
/// <remarks>
/// The local log's checkpoints are signed under the vault's own node id (<c>sigil-vault-…</c>), which existing
/// logs were verified with; the witness wants the id the control plane assigned (<c>vt_…</c>). The reporter
/// therefore re-signs the same ⟨seq, head⟩ with the same node key under the registered id: what the witness
/// stores binds exactly the chain head the local log holds (see docs/vault.md "Witness").
/// </remarks>
internal sealed class WitnessReporter : IAsyncDisposable
{
    private readonly VaultPaths _paths;
    private readonly Ed25519KeyPair _key;
    private readonly SigningIdentity _identity;
    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;
    private readonly Uri _endpoint;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private WitnessPairing _pairing;
    private AuditCheckpoint? _pending;
    private Task _loop = Task.CompletedTask;
    private long _refusedSeq = -1;
    private long _lastSentSeq;
    private long _unverifiedAnswers;

    /// <param name="paths">The vault home (the pairing file is updated with the acknowledged seq).</param>
    /// <param name="pairing">The pairing from <c>connect</c>.</param>
    /// <param name="nodeKey">The node key; the reporter takes ownership and disposes it.</param>
    /// <param name="handler">Transport to the control plane; disposed with the reporter.</param>
    /// <param name="time">Clock for signatures, checkpoint timestamps and backoff.</param>
    public WitnessReporter(VaultPaths paths, WitnessPairing pairing, Ed25519KeyPair nodeKey, HttpMessageHandler handler, TimeProvider time)
    {
        _paths = paths;
        _pairing = pairing;
        _lastSentSeq = pairing.LastSentSeq;
        _key = nodeKey;
        _time = time;
        var now = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // SigningIdentity takes ownership of its key pair: give it a copy, keep ours for re-signing checkpoints.
        var seed = nodeKey.ExportSeed();
        try
        {
            var signingKey = Ed25519KeyPair.FromSeed(seed);
            _identity = SigningIdentity.Create(signingKey, AgentCertificate.Issue(signingKey, pairing.Namespace, now));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
        _endpoint = new Uri(new Uri(pairing.ApiUrl.TrimEnd('/') + "/"), "v1/witness/checkpoints");
    }

    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The newest seq the witness acknowledged (from the pairing file at start).</summary>
    public long LastSentSeq => Interlocked.Read(ref _lastSentSeq);

    /// <summary>The seq of the last checkpoint the witness refused for good (-1 = none).</summary>
    public long RefusedSeq => Interlocked.Read(ref _refusedSeq);

    /// <summary>
    /// Successful-looking answers not signed by the pinned control-plane key (ADR 0024): not counted as witnessed,
    /// retried with backoff. Non-zero means an impostor answers, or the pairing predates key pinning.
    /// </summary>
    public long UnverifiedAnswers => Interlocked.Read(ref _unverifiedAnswers);

    /// <summary>The response header carrying the control plane's signature of an accepted checkpoint.</summary>
    public const string WitnessSignatureHeader = "Sigilum-Witness-Signature";

    /// <summary>Starts sending; offers the newest checkpoint already on disk (written while not running or not yet sent).</summary>
    public void Start()
    {
        if (LatestOnDisk(_paths) is { } latest)
        {
            Offer(latest);
        }
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Queues <paramref name="checkpoint"/> unless a newer one is sent or queued. Never blocks (audit writer thread).</summary>
    public void Offer(AuditCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Seq <= LastSentSeq)
        {
            return;
        }
        AuditCheckpoint? current;
        do
        {
            current = Volatile.Read(ref _pending);
            if (current is not null && current.Seq >= checkpoint.Seq)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _pending, checkpoint, current) != current);
        Wake();
    }

    /// <summary>
    /// Gives the pending checkpoint (the shutdown one, typically) up to <paramref name="grace"/> to reach the witness,
    /// then stops. What is not sent stays on disk and is offered at the next start.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        var deadline = _time.GetTimestamp();
        while (Volatile.Read(ref _pending) is not null && _time.GetElapsedTime(deadline) < grace && !_loop.IsCompleted)
        {
            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromMilliseconds(50), _time)).ConfigureAwait(false);
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        await _loop.ConfigureAwait(false);
        _http.Dispose();
        _identity.Dispose();
        _key.Dispose();
        _signal.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        var delay = InitialRetryDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                while (Volatile.Read(ref _pending) is { } checkpoint)
                {
                    if (await SendAsync(checkpoint, stoppingToken).ConfigureAwait(false))
                    {
                        Interlocked.CompareExchange(ref _pending, null, checkpoint);
                        delay = InitialRetryDelay;
                        continue;
                    }
                    await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the newest checkpoint is on disk and is offered again at the next start.
        }
    }

    /// <summary>True when the checkpoint needs no further attempt.</summary>
    private async Task<bool> SendAsync(AuditCheckpoint local, CancellationToken stoppingToken)
    {
        var witnessed = AuditCheckpoint.Sign(_pairing.NodeId, new AuditChainHead(local.Seq, local.Head, null), _time, _key);
        var body = witnessed.ToUtf8Json();
        var challenge = ControlPlaneSignature.NewChallenge();
        var url = new Uri(_endpoint.AbsoluteUri + "?challenge=" + challenge);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signed = RequestSigner.Sign(_identity, new SignRequest { Method = "POST", Url = url.AbsoluteUri, Body = body }, _time);
        foreach (var header in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                if (!IsSignedAnswer(response, challenge, local))
                {
                    Interlocked.Increment(ref _unverifiedAnswers);
                    return false;
                }
                Acknowledge(local.Seq);
                return true;
            }
            if ((int)response.StatusCode >= 500 || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests)
            {
                return false;
            }
            // 400/403/409: the witness would answer the same again (a regression means a newer head is witnessed).
            Interlocked.Exchange(ref _refusedSeq, local.Seq);
            return true;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Bound to this vault's namespace, node key and node id, the challenge just sent and exactly ⟨seq, head⟩.
    private bool IsSignedAnswer(HttpResponseMessage response, string challenge, AuditCheckpoint local) =>
        ControlPlaneKey.TryParse(_pairing.ControlPlaneKey, out var key)
        && response.Headers.TryGetValues(WitnessSignatureHeader, out var values) && values.FirstOrDefault() is { } signature
        && ControlPlaneSignature.Verify(key, signature, ControlPlaneSignature.WitnessAnswer,
            [_pairing.Namespace, _identity.AgentKeyHeader, challenge, _pairing.NodeId, local.Seq.ToString(CultureInfo.InvariantCulture), local.Head]);

    private void Acknowledge(long seq)
    {
        lock (_signal)
        {
            if (seq <= _pairing.LastSentSeq)
            {
                return;
            }
            _pairing = _pairing with { LastSentSeq = seq };
            Interlocked.Exchange(ref _lastSentSeq, seq);
            try
            {
                _pairing.Save(_paths);
            }
            catch (IOException)
            {
                // Best effort: an unsaved seq only means the same head is resent after a restart (200 duplicate).
            }
        }
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static AuditCheckpoint? LatestOnDisk(VaultPaths paths)
    {
        var file = Path.Combine(paths.AuditDirectory, "checkpoints.jsonl");
        if (!File.Exists(file))
        {
            return null;
        }
        AuditCheckpoint? latest = null;
        foreach (var line in File.ReadLines(file))
        {
            if (AuditCheckpoint.Parse(line) is { IsSuccess: true } parsed && (latest is null || parsed.Value!.Seq > latest.Seq))
            {
                latest = parsed.Value;
            }
        }
        return latest;
    }
}
