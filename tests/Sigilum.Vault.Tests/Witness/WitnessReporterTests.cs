using System.Collections.Concurrent;
using System.Net;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Witness;

/// <summary>The reporter's delivery rules, against a scripted control plane answer per attempt.</summary>
public sealed class WitnessReporterTests
{
    private static readonly string Head = new('a', 64);

    [Fact]
    public async Task Offer_WitnessUnavailableTwice_RetriedUntilAcceptedAndSeqRemembered()
    {
        using var dir = new TempDirectory("sigil-vault-reporter-");
        var paths = new VaultPaths(dir.Path);
        var handler = new ScriptedHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created);
        using var key = Ed25519KeyPair.Generate();
        await using (var reporter = Reporter(paths, key, handler))
        {
            reporter.Start();
            reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(7, Head, null), TimeProvider.System, key));
            await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await reporter.StopAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(7, reporter.LastSentSeq);
        }

        Assert.Equal(3, handler.Bodies.Count);
        Assert.Equal(7, WitnessPairing.Load(paths)!.LastSentSeq);
        // What the witness gets: the same seq and head, re-signed by the same key under the registered node id.
        var sent = AuditCheckpoint.Parse(handler.Bodies.Last()).Value!;
        Assert.Equal(("vt_node", 7L, Head), (sent.Node, sent.Seq, sent.Head));
        Assert.True(sent.IsSignedBy(key.PublicKey));
        Assert.All(handler.Signed, Assert.True);
    }

    [Fact]
    public async Task Offer_WitnessRefusesWithConflict_NotRetriedAndNotRemembered()
    {
        using var dir = new TempDirectory("sigil-vault-reporter-");
        var paths = new VaultPaths(dir.Path);
        var handler = new ScriptedHandler(HttpStatusCode.Conflict);
        using var key = Ed25519KeyPair.Generate();
        await using var reporter = Reporter(paths, key, handler);
        reporter.Start();

        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(3, Head, null), TimeProvider.System, key));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await reporter.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Single(handler.Bodies);
        Assert.Equal(3, reporter.RefusedSeq);
        Assert.Equal(0, reporter.LastSentSeq);
    }

    [Fact]
    public async Task Offer_SeqNotAboveAcknowledged_NotSent()
    {
        using var dir = new TempDirectory("sigil-vault-reporter-");
        var paths = new VaultPaths(dir.Path);
        var handler = new ScriptedHandler(HttpStatusCode.Created);
        using var key = Ed25519KeyPair.Generate();
        await using var reporter = Reporter(paths, key, handler, lastSentSeq: 10);
        reporter.Start();

        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(10, Head, null), TimeProvider.System, key));
        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(11, Head, null), TimeProvider.System, key));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await reporter.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(11, AuditCheckpoint.Parse(Assert.Single(handler.Bodies)).Value!.Seq);
    }

    private static WitnessReporter Reporter(VaultPaths paths, Ed25519KeyPair key, HttpMessageHandler handler, long lastSentSeq = 0)
    {
        var pairing = new WitnessPairing("http://127.0.0.1:1", "alice", "vt_node", TimeProvider.System.GetUtcNow(), lastSentSeq);
        return new WitnessReporter(paths, pairing, Ed25519KeyPair.FromSeed(key.ExportSeed()), handler, TimeProvider.System)
        {
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        };
    }

    /// <summary>Answers each attempt with the next scripted status; completes <see cref="Done"/> at the last one.</summary>
    private sealed class ScriptedHandler(params HttpStatusCode[] answers) : HttpMessageHandler
    {
        private int _calls;

        public ConcurrentQueue<string> Bodies { get; } = new();

        public ConcurrentQueue<bool> Signed { get; } = new();

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Enqueue(await request.Content!.ReadAsStringAsync(cancellationToken));
            Signed.Enqueue(request.Headers.Contains(SigilumHeaders.Signature) && request.Headers.Contains(SigilumHeaders.Namespace));
            var index = Interlocked.Increment(ref _calls) - 1;
            if (index >= answers.Length - 1)
            {
                Done.TrySetResult();
            }
            return new HttpResponseMessage(answers[Math.Min(index, answers.Length - 1)]);
        }
    }
}
