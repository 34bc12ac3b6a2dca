using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Hosting;
using Sigilum.Gateway.Proxy;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.Tests.Proxy;

/// <summary>
/// The proxy's replay step on single-instance replay state (docs/decisions/0026): a bounded in-memory set and
/// a start epoch, with a "restart" being a new guard over the same durable store and epoch file.
/// </summary>
public sealed class ProxyAuthorizerEpochTests : IDisposable
{
    private const string Url = "http://127.0.0.1:38100/proxy/openai/v1/models";
    private readonly TempDirectory _dir = new("sigilum-gw-epoch-");
    private readonly FakeTimeProvider _time = new(1_760_000_000);
    private readonly SigningIdentity _agent;
    private readonly CountingStore _durable = new();
    private EpochReplayGuard _guard;

    public ProxyAuthorizerEpochTests()
    {
        _agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", _time));
        _guard = Start(capacity: 100);
    }

    public void Dispose()
    {
        _agent.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task RPL_08_SignedBeforeRestart_RefusedByTheEpochRule_SignedAfterPasses()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var before = Sign();
        Assert.True((await AuthorizeAsync(before)).IsApproved);

        // Restart 2 s later: an empty in-memory set, nothing about this nonce in the durable store.
        _time.Advance(TimeSpan.FromSeconds(2));
        _guard = Start(capacity: 100);
        Assert.Equal(0, _durable.Count);

        var replayed = await AuthorizeAsync(before);
        Assert.Equal(("replay_detection", "AUTH_REPLAY_DETECTED"), (replayed.Stage, replayed.Error?.Code));
        Assert.True((await AuthorizeAsync(Sign())).IsApproved);
    }

    [Fact]
    public async Task RPL_04_SameNonceTwice_SteadyState_ReplayDetectedWithoutTheDurableStore()
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        var signed = Sign();

        Assert.True((await AuthorizeAsync(signed)).IsApproved);
        Assert.Equal("AUTH_REPLAY_DETECTED", (await AuthorizeAsync(signed)).Error?.Code);
        // The point of ADR 0026: no durable write (no fsync) on the request path once past the start window.
        Assert.Equal(0, _durable.Count);
    }

    [Fact]
    public async Task RPL_04_ReplayAtTheLastInstantTheSignatureIsStillAccepted_Detected_ThenTheSignatureItselfHasExpired()
    {
        // The worst case for the entry's lifetime (tolerance + skew + 1 s, GatewayOptions.NonceLifetime): a signature
        // dated as far ahead as the skew allows, replayed in the last fraction of a second its whole-second age is
        // still within the tolerance.
        _time.Advance(TimeSpan.FromMinutes(1));
        var recordedAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromSeconds(5));
        var signed = Sign();
        _time.SetUtcNow(recordedAt);
        Assert.True((await AuthorizeAsync(signed)).IsApproved);

        _time.SetUtcNow(recordedAt + TimeSpan.FromSeconds(5 + 300) + TimeSpan.FromMilliseconds(999));
        Assert.Equal("AUTH_REPLAY_DETECTED", (await AuthorizeAsync(signed)).Error?.Code);

        // One tick past the entry's lifetime the signature is refused for its age, before the replay set is asked.
        _time.SetUtcNow(recordedAt + new GatewayOptions().NonceLifetime);
        var expired = await AuthorizeAsync(signed);
        Assert.Equal("signature_verification", expired.Stage);
    }

    [Fact]
    public void NonceLifetime_Default_IsTheSignatureWindowPlusOneSecond_NotAFixedTtl()
    {
        Assert.Equal(TimeSpan.FromSeconds(300 + 5 + 1), new GatewayOptions().NonceLifetime);
        Assert.Equal(TimeSpan.FromSeconds(60 + 2 + 1), new GatewayOptions { TimestampToleranceSeconds = 60, FutureSkewSeconds = 2 }.NonceLifetime);
        Assert.Equal(TimeSpan.FromSeconds(900), new GatewayOptions { NonceTtlSeconds = 900 }.NonceLifetime);
    }

    [Theory]
    [InlineData(305)]
    [InlineData(-1)]
    public void Validate_NonceTtlShorterThanTheSignatureWindow_Refused(int ttl)
    {
        new GatewayOptions { DataDirectory = _dir.Path, NonceTtlSeconds = 306 }.Validate();
        var options = new GatewayOptions { DataDirectory = _dir.Path, NonceTtlSeconds = ttl };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("NonceTtlSeconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RPL_12_InMemorySetFull_503NotEvicted()
    {
        _guard = Start(capacity: 1);
        _time.Advance(TimeSpan.FromMinutes(1));
        var first = Sign();
        Assert.True((await AuthorizeAsync(first)).IsApproved);

        var refused = await AuthorizeAsync(Sign());

        Assert.Equal(("replay_detection", "AUTH_REPLAY_STORE_UNAVAILABLE", 503), (refused.Stage, refused.Error?.Code, refused.Error?.Status));
        Assert.Equal("AUTH_REPLAY_DETECTED", (await AuthorizeAsync(first)).Error?.Code);
    }

    [Fact]
    public async Task RPL_11_ClockStepsBackBelowTheEpoch_RefusedUntilItCatchesUp()
    {
        // Fail closed: a signature dated before this process's start cannot be told from one the previous process
        // accepted, so after a backward step below the epoch the gateway refuses rather than risk a replay.
        _time.Advance(TimeSpan.FromMinutes(1));
        _guard = Start(capacity: 100);
        _time.Advance(TimeSpan.FromMinutes(-2));
        Assert.Equal("AUTH_REPLAY_DETECTED", (await AuthorizeAsync(Sign())).Error?.Code);

        _time.Advance(TimeSpan.FromMinutes(3));
        Assert.True((await AuthorizeAsync(Sign())).IsApproved);
    }

    private EpochReplayGuard Start(long capacity) =>
        new(new InMemoryReplaySet(capacity, TimeSpan.FromSeconds(30)), _durable, ReplayEpoch.Establish(Path.Combine(_dir.Path, "replay.epoch"), _time), TimeSpan.FromSeconds(5));

    private Task<AuthorizationOutcome> AuthorizeAsync(SignedRequest signed)
    {
        var authorizer = new ProxyAuthorizer(_guard, new ApproveAll(), _time, new GatewayOptions { DataDirectory = _dir.Path });
        return authorizer.AuthorizeAsync(Context(signed), "openai", ReadOnlyMemory<byte>.Empty);
    }

    private SignedRequest Sign() =>
        RequestSigner.Sign(_agent, new SignRequest { Method = "GET", Url = Url, Body = ReadOnlyMemory<byte>.Empty, Subject = "bot-1" }, _time);

    private static DefaultHttpContext Context(SignedRequest signed)
    {
        var uri = new Uri(Url);
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = uri.Scheme;
        context.Request.Host = new HostString(uri.Authority);
        context.Request.Path = uri.AbsolutePath;
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = uri.PathAndQuery;
        foreach (var (name, value) in signed.Headers)
        {
            context.Request.Headers.Append(name, value);
        }
        return context;
    }

    private sealed class ApproveAll : IApprovalSource
    {
        public ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => ApprovalDecision.Approved;

        public ApprovedClaim? Covering(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => null; // This fake models decisions, not claims.
    }

    /// <summary>The durable store, counting what reaches it (insert-if-absent).</summary>
    private sealed class CountingStore : INonceStore
    {
        private readonly HashSet<string> _seen = [];

        public int Count => _seen.Count;

        public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult(_seen.Add(scope + "\0" + nonce) ? NonceRecordResult.Recorded : NonceRecordResult.Replayed);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
