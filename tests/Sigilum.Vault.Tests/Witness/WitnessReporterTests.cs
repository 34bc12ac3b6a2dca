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

    // The control plane's key, pinned in the pairing (ADR 0024); the witness's answers are signed with it.
    private static readonly Ed25519KeyPair ControlPlane = Ed25519KeyPair.Generate();

    [Fact]
    public async Task CTL_07_WitnessAnswerSignedByAnotherKey_NotCountedAsWitnessed()
    {
        using var dir = new TempDirectory("sigil-vault-reporter-");
        var paths = new VaultPaths(dir.Path);
        using var key = Ed25519KeyPair.Generate();
        using var impostor = Ed25519KeyPair.Generate();
        // An impostor on the control plane's address that accepts every checkpoint and signs its answer with its own key.
        var handler = new ScriptedHandler(impostor, key, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created);
        await using var reporter = Reporter(paths, key, handler);
        reporter.Start();

        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(4, Head, null), TimeProvider.System, key));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await reporter.StopAsync(TimeSpan.Zero);

        Assert.Equal(0, reporter.LastSentSeq);
        Assert.True(reporter.UnverifiedAnswers >= 3);
        Assert.Equal(0, WitnessPairing.Load(paths)?.LastSentSeq ?? 0);
    }

    [Fact]
    public async Task CTL_07_PairingWithoutAPinnedKey_NoAnswerCountsAsWitnessed()
    {
        // A pairing saved before keys were pinned: fail closed until `sigil-vault connect` is run again.
        using var dir = new TempDirectory("sigil-vault-reporter-");
        var paths = new VaultPaths(dir.Path);
        using var key = Ed25519KeyPair.Generate();
        var handler = new ScriptedHandler(ControlPlane, key, HttpStatusCode.Created, HttpStatusCode.Created);
        await using var reporter = Reporter(paths, key, handler, pinned: false);
        reporter.Start();

        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(4, Head, null), TimeProvider.System, key));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await reporter.StopAsync(TimeSpan.Zero);

        Assert.Equal(0, reporter.LastSentSeq);
        Assert.True(reporter.UnverifiedAnswers >= 2);
    }

    [Fact]
    public async Task Offer_WitnessUnavailableTwice_RetriedUntilAcceptedAndSeqRemembered()
    {
        using var dir = new TempDirectory("sigil-vault-reporter-");
        var paths = new VaultPaths(dir.Path);
        using var key = Ed25519KeyPair.Generate();
        var handler = new ScriptedHandler(ControlPlane, key, HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Created);
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
        using var key = Ed25519KeyPair.Generate();
        var handler = new ScriptedHandler(ControlPlane, key, HttpStatusCode.Conflict);
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
        using var key = Ed25519KeyPair.Generate();
        var handler = new ScriptedHandler(ControlPlane, key, HttpStatusCode.Created);
        await using var reporter = Reporter(paths, key, handler, lastSentSeq: 10);
        reporter.Start();

        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(10, Head, null), TimeProvider.System, key));
        reporter.Offer(AuditCheckpoint.Sign("sigil-vault-local", new AuditChainHead(11, Head, null), TimeProvider.System, key));
        await handler.Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await reporter.StopAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(11, AuditCheckpoint.Parse(Assert.Single(handler.Bodies)).Value!.Seq);
    }

    private static WitnessReporter Reporter(VaultPaths paths, Ed25519KeyPair key, HttpMessageHandler handler, long lastSentSeq = 0, bool pinned = true)
    {
        var pairing = new WitnessPairing("http://127.0.0.1:1", "alice", "vt_node", TimeProvider.System.GetUtcNow(), lastSentSeq,
            pinned ? Protocol.ControlPlane.ControlPlaneKey.Format(ControlPlane.PublicKey) : null);
        return new WitnessReporter(paths, pairing, Ed25519KeyPair.FromSeed(key.ExportSeed()), handler, TimeProvider.System)
        {
            InitialRetryDelay = TimeSpan.FromMilliseconds(10),
            MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        };
    }

    /// <summary>
    /// Answers each attempt with the next scripted status; completes <see cref="Done"/> at the last one. A 2xx answer is
    /// signed as the witness signs it (ADR 0024) with <paramref name="signer"/>, bound to the vault's node key.
    /// </summary>
    private sealed class ScriptedHandler(Ed25519KeyPair signer, Ed25519KeyPair nodeKey, params HttpStatusCode[] answers) : HttpMessageHandler
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
            var answer = new HttpResponseMessage(answers[Math.Min(index, answers.Length - 1)]);
            if (answer.IsSuccessStatusCode)
            {
                var sent = AuditCheckpoint.Parse(Bodies.Last()).Value!;
                var challenge = System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["challenge"] ?? string.Empty;
                answer.Headers.TryAddWithoutValidation(Sigilum.Core.Witness.WitnessClient.SignatureHeader, Protocol.ControlPlane.ControlPlaneSignature.Sign(signer,
                    Protocol.ControlPlane.ControlPlaneSignature.WitnessAnswer,
                    ["alice", Protocol.Identity.AgentKeys.Format(nodeKey.PublicKey), challenge, sent.Node, sent.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), sent.Head]));
            }
            return answer;
        }
    }
}
