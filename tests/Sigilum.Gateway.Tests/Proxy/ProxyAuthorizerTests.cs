using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Hosting;
using Sigilum.Gateway.Proxy;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.Tests.Proxy;

/// <summary>Each step of the proxy authorisation, with a request in which only that step fails (spec §3.4, DESIGN §2).</summary>
public sealed class ProxyAuthorizerTests : IDisposable
{
    private const string Url = "http://127.0.0.1:38100/proxy/openai/v1/models?limit=2";
    private readonly FakeTimeProvider _time = new(1_760_000_000);
    private readonly SigningIdentity _agent;
    private readonly MemoryNonces _nonces = new();
    private readonly StubApprovals _approvals = new();

    public ProxyAuthorizerTests()
    {
        _agent = SigningIdentity.FromRecord(IdentityRecord.Create("alice", _time));
    }

    public void Dispose() => _agent.Dispose();

    [Fact]
    public async Task AuthorizeAsync_SignedAndApproved_Approved()
    {
        var outcome = await AuthorizeAsync(Signed());

        Assert.True(outcome.IsApproved);
        Assert.Equal("alice", outcome.Caller!.Namespace);
        Assert.Equal(_agent.AgentKeyHeader, outcome.Caller.PublicKey);
        Assert.Equal(("alice", _agent.AgentKeyHeader, "openai"), _approvals.LastAsked);
    }

    [Fact]
    public async Task AuthorizeAsync_WithBody_VerifiesContentDigest()
    {
        var body = Encoding.UTF8.GetBytes("{\"model\":\"x\"}");
        var context = Signed("POST", body);

        Assert.True((await AuthorizeAsync(context, body)).IsApproved);
        var tampered = Signed("POST", body);
        Assert.Equal("AUTH_SIGNATURE_INVALID", (await AuthorizeAsync(tampered, Encoding.UTF8.GetBytes("{\"model\":\"y\"}"))).Error?.Code);
    }

    [Fact]
    public async Task AuthorizeAsync_AgentIdVariant_Approved()
    {
        var outcome = await AuthorizeAsync(Signed(agentId: "agent-7"));

        Assert.True(outcome.IsApproved);
        Assert.Equal("agent-7", outcome.Caller!.AgentId);
    }

    [Fact]
    public async Task AuthorizeAsync_DuplicateSignatureHeader_HeadersInvalid()
    {
        var context = Signed();
        context.Request.Headers.Append("Signature", "sig1=:AAAA:");

        Assert.Equal(("header_validation", "AUTH_HEADERS_INVALID"), Denial(await AuthorizeAsync(context)));
    }

    [Fact]
    public async Task SIG_01_Unsigned_SignatureInvalid()
    {
        var context = Context("GET", Url, []);

        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(await AuthorizeAsync(context)));
    }

    [Fact]
    public async Task AuthorizeAsync_UrlChangedAfterSigning_SignatureInvalid()
    {
        var signed = Sign("GET", Url, ReadOnlyMemory<byte>.Empty);
        var context = Context("GET", "http://127.0.0.1:38100/proxy/openai/v1/models?limit=3", signed.Headers);

        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(await AuthorizeAsync(context)));
    }

    [Fact]
    public async Task RPL_01_Expired_SignatureInvalid()
    {
        var context = Signed();
        _time.Advance(TimeSpan.FromSeconds(301));

        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(await AuthorizeAsync(context)));
    }

    [Fact]
    public async Task AuthorizeAsync_AgentIdHeaderNotCovered_Denied()
    {
        var context = Signed();
        context.Request.Headers["sigilum-agent-id"] = "smuggled";

        Assert.Equal(("component_validation", "AUTH_SIGNED_COMPONENTS_INVALID"), Denial(await AuthorizeAsync(context)));
    }

    [Fact]
    public async Task RPL_04_SameNonceTwice_ReplayDetected()
    {
        var signed = Sign("GET", Url, ReadOnlyMemory<byte>.Empty);

        Assert.True((await AuthorizeAsync(Context("GET", Url, signed.Headers))).IsApproved);
        Assert.Equal(("replay_detection", "AUTH_REPLAY_DETECTED"), Denial(await AuthorizeAsync(Context("GET", Url, signed.Headers))));
    }

    [Fact]
    public async Task RPL_12_NonceStoreFull_503()
    {
        _nonces.Next = NonceRecordResult.Full;

        var outcome = await AuthorizeAsync(Signed());

        Assert.Equal(("replay_detection", "AUTH_REPLAY_STORE_UNAVAILABLE"), Denial(outcome));
        Assert.Equal(503, outcome.Error!.Status);
    }

    [Fact]
    public async Task STO_14_NonceStoreDiskFull_DeniedWith503()
    {
        _nonces.Failure = new IOException("disk full");

        var outcome = await AuthorizeAsync(Signed());

        Assert.Equal(503, outcome.Error!.Status);
        Assert.Equal("AUTH_REPLAY_STORE_UNAVAILABLE", outcome.Error.Code);
    }

    [Fact]
    public async Task RPL_13_NonceStoreWriteFailsBusy_503()
    {
        // The database answers "busy" past its timeout (SQLITE_BUSY, a PostgreSQL lock timeout): not "no replay".
        _nonces.Failure = new TimeoutException("database is locked");

        var outcome = await AuthorizeAsync(Signed());

        Assert.Equal(503, outcome.Error!.Status);
        Assert.Equal("AUTH_REPLAY_STORE_UNAVAILABLE", outcome.Error.Code);
    }

    [Fact]
    public async Task AuthorizeAsync_NotApproved_CallerKnownForClaimFiling()
    {
        _approvals.Decision = ApprovalDecision.NotApproved;

        var outcome = await AuthorizeAsync(Signed());

        Assert.True(outcome.IsNotApproved);
        Assert.Null(outcome.Error);
        Assert.Equal("alice", outcome.Caller!.Namespace);
    }

    [Fact]
    public async Task AuthorizeAsync_ApprovalsStale_ClaimsUnavailable()
    {
        _approvals.Decision = ApprovalDecision.Unavailable;

        Assert.Equal(("claims_cache", "AUTH_CLAIMS_UNAVAILABLE"), Denial(await AuthorizeAsync(Signed())));
    }

    [Fact]
    public async Task AuthorizeAsync_BadSignatureDoesNotConsumeNonce()
    {
        var signed = Sign("GET", Url, ReadOnlyMemory<byte>.Empty);
        var forged = signed.Headers.Select(h => h.Key.Equals("Signature", StringComparison.OrdinalIgnoreCase)
            ? new KeyValuePair<string, string>(h.Key, "sig1=:" + Convert.ToBase64String(new byte[64]) + ":") : h).ToList();

        Assert.Equal("AUTH_SIGNATURE_INVALID", (await AuthorizeAsync(Context("GET", Url, forged))).Error?.Code);
        Assert.Equal(0, _nonces.Count);
    }

    [Fact]
    public async Task SIG_11_FieldNamedLikeADerivedComponent_SignatureInvalid()
    {
        var context = Signed();
        context.Request.Headers["@method"] = "POST";

        var outcome = await AuthorizeAsync(context);

        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(outcome));
        Assert.Contains(ErrorCatalogue.SigHeaderNameInvalid, outcome.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIG_15_ContentDigestOnlyAsTrailer_SignatureInvalid()
    {
        var body = Encoding.UTF8.GetBytes("{\"model\":\"x\"}");
        var signed = Sign("POST", Url, body);
        var digest = signed.Headers.Single(h => h.Key.Equals("content-digest", StringComparison.OrdinalIgnoreCase)).Value;
        var context = Context("POST", Url, signed.Headers.Where(h => !h.Key.Equals("content-digest", StringComparison.OrdinalIgnoreCase)));
        // The digest arrives after the body (chunked trailer): the gateway must not look there, or forward first.
        context.Features.Set<IHttpRequestTrailersFeature>(new TrailersFeature(new HeaderDictionary { ["Content-Digest"] = digest }));

        var outcome = await AuthorizeAsync(context, body);

        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(outcome));
        Assert.Contains("content-digest", outcome.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SIG_25_FormFieldRepeatedIntoTheQuery_SignatureInvalid()
    {
        // Signed: ?limit=2 and a form body limit=9. Received: the body's field also in the query (shadowing).
        var body = Encoding.UTF8.GetBytes("limit=9");
        var signed = Sign("POST", Url, body);
        var context = Context("POST", Url + "&limit=9", signed.Headers);
        context.Request.ContentType = "application/x-www-form-urlencoded";

        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(await AuthorizeAsync(context, body)));
    }

    [Fact]
    public async Task RPL_11_WallClockStepsBackAndForward_WindowFollowsTheTimeProvider()
    {
        var signedNow = Sign("GET", Url, ReadOnlyMemory<byte>.Empty);

        // NTP steps the clock back an hour: the signature now looks an hour in the future and is refused, not trusted.
        _time.Advance(TimeSpan.FromHours(-1));
        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(await AuthorizeAsync(Context("GET", Url, signedNow.Headers))));
        // A request signed on the stepped clock is fine: nothing "expires everything" after the jump.
        Assert.True((await AuthorizeAsync(Signed())).IsApproved);

        // The VM resumes a day later: the old signature is expired, a fresh one passes.
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(("signature_verification", "AUTH_SIGNATURE_INVALID"), Denial(await AuthorizeAsync(Context("GET", Url, signedNow.Headers))));
        Assert.True((await AuthorizeAsync(Signed())).IsApproved);
        // Every nonce recorded so far expires after the clock it was recorded on, never before it.
        Assert.All(_nonces.Expiries, e => Assert.True(e.ExpiresAt > e.RecordedAt));
        Assert.Equal(2, _nonces.Count);
    }

    [Fact]
    public async Task AuthorizeAsync_AgentsOfTwoNamespacesInTurn_EachNonceScopedByItsOwnNamespace()
    {
        // One authorizer remembers the last namespace's scope; a different namespace must never reuse it.
        using var bob = SigningIdentity.FromRecord(IdentityRecord.Create("bob", _time));
        var authorizer = new ProxyAuthorizer(new SharedReplayGuard(_nonces), _approvals, _time, new GatewayOptions { DataDirectory = "/unused" });
        DefaultHttpContext SignedBy(SigningIdentity identity) => Context("GET", Url,
            RequestSigner.Sign(identity, new SignRequest { Method = "GET", Url = Url, Body = ReadOnlyMemory<byte>.Empty, Subject = "bot-1" }, _time).Headers);

        foreach (var identity in new[] { _agent, _agent, bob, _agent, bob })
        {
            Assert.True((await authorizer.AuthorizeAsync(SignedBy(identity), "openai", ReadOnlyMemory<byte>.Empty)).IsApproved);
        }

        Assert.Equal(["gw:alice", "gw:alice", "gw:bob", "gw:alice", "gw:bob"], _nonces.Scopes);
    }

    private static (string Stage, string? Code) Denial(AuthorizationOutcome outcome) => (outcome.Stage, outcome.Error?.Code);

    private Task<AuthorizationOutcome> AuthorizeAsync(HttpContext context, byte[]? body = null)
    {
        // The shared (insert-if-absent) guard passes every store answer through unchanged, so these tests see each
        // store outcome; the in-memory set and the start epoch are tested in ProxyAuthorizerEpochTests.
        var authorizer = new ProxyAuthorizer(new SharedReplayGuard(_nonces), _approvals, _time, new GatewayOptions { DataDirectory = "/unused" });
        return authorizer.AuthorizeAsync(context, "openai", body ?? ReadOnlyMemory<byte>.Empty);
    }

    private DefaultHttpContext Signed(string method = "GET", byte[]? body = null, string? agentId = null)
    {
        var signed = Sign(method, Url, body ?? ReadOnlyMemory<byte>.Empty, agentId);
        return Context(method, Url, signed.Headers);
    }

    private SignedRequest Sign(string method, string url, ReadOnlyMemory<byte> body, string? agentId = null) =>
        RequestSigner.Sign(_agent, new SignRequest { Method = method, Url = url, Body = body, Subject = "bot-1", AgentId = agentId }, _time);

    private static DefaultHttpContext Context(string method, string url, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var uri = new Uri(url);
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = uri.Scheme;
        context.Request.Host = new HostString(uri.Authority);
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = uri.PathAndQuery;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }
        return context;
    }

    private sealed class StubApprovals : IApprovalSource
    {
        public ApprovalDecision Decision { get; set; } = ApprovalDecision.Approved;

        public (string, string, string)? LastAsked { get; private set; }

        public ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now)
        {
            LastAsked = (ns, publicKey, service);
            return Decision;
        }

        public ApprovedClaim? Covering(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => null; // Decisions only.
    }

    private sealed class TrailersFeature(IHeaderDictionary trailers) : IHttpRequestTrailersFeature
    {
        public bool Available => true;

        public IHeaderDictionary Trailers { get; } = trailers;
    }

    private sealed class MemoryNonces : INonceStore
    {
        private readonly HashSet<string> _seen = [];

        public List<(DateTimeOffset RecordedAt, DateTimeOffset ExpiresAt)> Expiries { get; } = [];

        public List<string> Scopes { get; } = [];

        public NonceRecordResult? Next { get; set; }

        public Exception? Failure { get; set; }

        public int Count => _seen.Count;

        public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            if (Failure is { } failure)
            {
                throw failure;
            }
            if (Next is { } forced)
            {
                return Task.FromResult(forced);
            }
            Expiries.Add((now, expiresAt));
            Scopes.Add(scope);
            return Task.FromResult(_seen.Add(scope + "\0" + nonce) ? NonceRecordResult.Recorded : NonceRecordResult.Replayed);
        }

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }
}
