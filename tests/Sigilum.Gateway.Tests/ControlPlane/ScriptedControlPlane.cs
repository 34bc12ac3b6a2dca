using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Keys;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// A server on loopback (real Kestrel) that answers like a control plane: the claims stream (<c>/v1/stream</c>),
/// the relay stream and the witness, each signed with the key it was given and bound to the namespace and node key it
/// was given, exactly as the real one signs (ADR 0024). With the pinned key it is a faithful control plane whose
/// scripts can break one thing at a time; with another key it is an impostor that knows everything but the key.
/// Every request is recorded. Signed keep-alives follow the script every <see cref="KeepAliveInterval"/>.
/// </summary>
internal sealed class ScriptedControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Ed25519KeyPair _key;
    private readonly string _namespace;
    private readonly string _nodeKey;
    private int _claimCalls;
    private int _relayCalls;

    private ScriptedControlPlane(WebApplication app, Ed25519KeyPair key, string ns, string nodeKey)
    {
        _app = app;
        _key = key;
        _namespace = ns;
        _nodeKey = nodeKey;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The claims stream's events for each call.</summary>
    public Func<StreamCall, IReadOnlyList<ScriptedEvent>> Claims { get; set; } = _ => [];

    /// <summary>The relay stream's events for each call (after none: only keep-alives).</summary>
    public Func<StreamCall, IReadOnlyList<ScriptedEvent>> Relay { get; set; } = _ => [];

    /// <summary>Sign the witness's answers (false: a 201 with no signature).</summary>
    public bool SignWitnessAnswers { get; set; } = true;

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>End each stream after its script instead of sending keep-alives (the data plane then reconnects).</summary>
    public bool EndStreamsAfterScript { get; set; }

    /// <summary>Send unsigned <c>: keep-alive</c> comments (the pre-ADR 0024 form) instead of signed keep-alive events.</summary>
    public bool CommentKeepAlives { get; set; }

    /// <summary>Every request as <c>METHOD /path</c>, in order of arrival.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The challenges of the claims-stream calls, in order.</summary>
    public ConcurrentQueue<string> ClaimChallenges { get; } = new();

    public int ClaimCalls => Volatile.Read(ref _claimCalls);

    public int RelayCalls => Volatile.Read(ref _relayCalls);

    /// <param name="key">The key it signs with; the caller keeps ownership.</param>
    /// <param name="ns">The namespace its signatures are bound to.</param>
    /// <param name="nodeKey">The gateway key (<c>ed25519:…</c>) its signatures are bound to.</param>
    /// <param name="url">Where to listen (a fixed port to take over another server's address).</param>
    public static async Task<ScriptedControlPlane> StartAsync(Ed25519KeyPair key, string ns, string nodeKey, string url = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        var server = new ScriptedControlPlane(app, key, ns, nodeKey);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The signature the real control plane would put on an event at <paramref name="position"/>.</summary>
    public string Sign(string purpose, string challenge, long position, string name, string? id, string data) =>
        ControlPlaneSignature.Sign(_key, purpose, [_namespace, _nodeKey, challenge, position.ToString(CultureInfo.InvariantCulture), name, id ?? string.Empty, ControlPlaneSignature.Digest(data)]);

    /// <summary>A <c>snapshot</c> event approving <paramref name="publicKeys"/> for <paramref name="service"/>.</summary>
    public static ScriptedEvent Snapshot(long seq, string ns, string service, params string[] publicKeys) => new("snapshot", seq.ToString(CultureInfo.InvariantCulture),
        System.Text.Json.JsonSerializer.Serialize(new { seq, claims = publicKeys.Select((k, i) => Claim($"cl_{seq}_{i}", ns, k, service, "approved")) }));

    /// <summary>A <c>claim</c> event for one claim.</summary>
    public static ScriptedEvent ClaimEvent(long seq, string claimId, string ns, string publicKey, string service, string status) =>
        new("claim", seq.ToString(CultureInfo.InvariantCulture), System.Text.Json.JsonSerializer.Serialize(Claim(claimId, ns, publicKey, service, status)));

    private static Dictionary<string, object?> Claim(string claimId, string ns, string publicKey, string service, string status) => new()
    {
        ["claim_id"] = claimId, ["namespace"] = ns, ["public_key"] = publicKey, ["service"] = service, ["status"] = status,
    };

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        Requests.Enqueue(context.Request.Method + " " + path);
        var challenge = context.Request.Query["challenge"].ToString();
        switch (path)
        {
            case "/v1/stream":
                ClaimChallenges.Enqueue(challenge);
                await StreamAsync(context, ControlPlaneSignature.StreamEvent, Claims(new StreamCall(Interlocked.Increment(ref _claimCalls), challenge)), challenge);
                break;
            case "/v1/gateway/relay/stream":
                await StreamAsync(context, ControlPlaneSignature.RelayEvent, Relay(new StreamCall(Interlocked.Increment(ref _relayCalls), challenge)), challenge);
                break;
            case "/v1/witness/checkpoints":
                await WitnessAsync(context, challenge);
                break;
            default:
                // Usage reports, claim filings and relay answers: accepted and recorded, nothing more.
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                await context.Response.WriteAsync("{}");
                break;
        }
    }

    private async Task StreamAsync(HttpContext context, string purpose, IReadOnlyList<ScriptedEvent> events, string challenge)
    {
        context.Response.ContentType = "text/event-stream";
        var aborted = context.RequestAborted;
        long position = 0;
        try
        {
            foreach (var e in events)
            {
                if (!await WriteAsync(context, purpose, challenge, ++position, e, aborted))
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, aborted);
                }
            }
            while (!aborted.IsCancellationRequested && !EndStreamsAfterScript)
            {
                await Task.Delay(KeepAliveInterval, aborted);
                if (CommentKeepAlives)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", aborted);
                    await context.Response.Body.FlushAsync(aborted);
                    continue;
                }
                await WriteAsync(context, purpose, challenge, ++position, new ScriptedEvent("keep-alive", null, "{}"), aborted);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The gateway dropped the stream.
        }
    }

    /// <summary>Writes one event; false when it stalled halfway (nothing more may be written).</summary>
    private async Task<bool> WriteAsync(HttpContext context, string purpose, string challenge, long position, ScriptedEvent e, CancellationToken aborted)
    {
        var text = new StringBuilder().Append("event: ").Append(e.Name).Append('\n');
        if (e.Id is not null)
        {
            text.Append("id: ").Append(e.Id).Append('\n');
        }
        text.Append("data: ").Append(e.SentData ?? e.Data).Append('\n');
        if (!e.Unsigned)
        {
            var signature = Sign(purpose, e.SignedChallenge ?? challenge, e.SignedPosition ?? position, e.Name, e.Id, e.Data);
            text.Append("sig: ").Append(e.FlipSignatureByte ? FlipFirstByte(signature) : signature).Append('\n');
        }
        text.Append('\n');
        var whole = text.ToString();
        await context.Response.WriteAsync(e.StallHalfway ? whole[..(whole.Length / 2)] : whole, aborted);
        await context.Response.Body.FlushAsync(aborted);
        return !e.StallHalfway;
    }

    /// <summary>The same signature with the first of its 64 bytes flipped (and nothing else changed).</summary>
    public static string FlipFirstByte(string signature)
    {
        Assert.True(Base64Url.TryDecode(signature, out var bytes));
        bytes[0] ^= 0x01;
        return Base64Url.Encode(bytes);
    }

    private async Task WitnessAsync(HttpContext context, string challenge)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var parsed = AuditCheckpoint.Parse(await reader.ReadToEndAsync());
        Assert.True(parsed.IsSuccess);
        var checkpoint = parsed.Value!;
        if (SignWitnessAnswers)
        {
            context.Response.Headers[Sigilum.Core.Witness.WitnessClient.SignatureHeader] = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.WitnessAnswer,
                [_namespace, _nodeKey, challenge, checkpoint.Node, checkpoint.Seq.ToString(CultureInfo.InvariantCulture), checkpoint.Head]);
        }
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new { node_id = checkpoint.Node, seq = checkpoint.Seq, head = checkpoint.Head, accepted = true, duplicate = false });
    }

    public async ValueTask DisposeAsync()
    {
        using (var now = new CancellationTokenSource())
        {
            // Streams never end by themselves: stop like a crash rather than wait out the shutdown timeout.
            await now.CancelAsync();
            await _app.StopAsync(now.Token);
        }
        await _app.DisposeAsync();
    }
}
