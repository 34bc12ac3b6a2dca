using Sigilum.ControlPlane.Claims;

namespace Sigilum.ControlPlane.Streaming;

/// <summary>
/// The claim streams open to this instance, per namespace, and what each node acknowledged having applied (ADR 0027).
/// A revocation is answered once every node following the namespace's stream confirmed applying it, or once the bound
/// passed: "revoked" then means "in effect", not "queued", and the owner learns which gateways did not confirm
/// (reliability CTL-01: no release after the revocation was acknowledged). Only streams held to this instance are seen;
/// with several control-plane instances a node is counted by the instance its stream and acknowledgements reach.
/// </summary>
internal sealed class StreamSubscribers(TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<StreamSubscription>> _byNamespace = new(StringComparer.Ordinal);

    /// <summary>Registers one stream connection; disposing the result detaches it.</summary>
    public StreamSubscription Attach(string ns, string nodeId, string nodeName, string nodeKey, string challenge)
    {
        var subscription = new StreamSubscription(this, ns, nodeId, nodeName, nodeKey, challenge);
        lock (_lock)
        {
            if (!_byNamespace.TryGetValue(ns, out var list))
            {
                _byNamespace[ns] = list = [];
            }
            list.Add(subscription);
        }
        return subscription;
    }

    /// <summary>
    /// Node <paramref name="nodeKey"/> of <paramref name="ns"/> applied everything up to <paramref name="seq"/> on its
    /// connection <paramref name="challenge"/>. Another node's connection, or one of another namespace, is unknown to it.
    /// </summary>
    public StreamAckResult Acknowledge(string ns, string nodeKey, string challenge, long seq)
    {
        StreamSubscription? subscription;
        lock (_lock)
        {
            subscription = _byNamespace.TryGetValue(ns, out var list)
                ? list.Find(s => s.CanAcknowledge && string.Equals(s.Challenge, challenge, StringComparison.Ordinal) && string.Equals(s.NodeKey, nodeKey, StringComparison.Ordinal))
                : null;
        }
        if (subscription is null)
        {
            return StreamAckResult.UnknownStream;
        }
        return subscription.Acknowledge(seq) ? StreamAckResult.Applied : StreamAckResult.UnknownPosition;
    }

    /// <summary>
    /// Waits until every node following <paramref name="ns"/>'s stream now has acknowledged change <paramref name="seq"/>,
    /// or until <paramref name="deadline"/>; never longer. A node counts once however many connections it holds, and is
    /// confirmed when any of them acknowledged. Nodes that cannot acknowledge (streams without a challenge) or whose
    /// stream closed are reported as not confirmed without being waited for.
    /// </summary>
    public async Task<RevocationPropagation> WaitAppliedAsync(string ns, long seq, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        List<StreamSubscription> subscriptions;
        lock (_lock)
        {
            subscriptions = _byNamespace.TryGetValue(ns, out var list) ? [.. list] : [];
        }
        if (subscriptions.Count == 0)
        {
            return new RevocationPropagation(0, 0, []);
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var nodes = subscriptions
            .GroupBy(s => s.NodeId, StringComparer.Ordinal)
            .Select(g => (Node: g.First(), Confirmed: AnyConfirmedAsync([.. g.Select(s => s.WhenAppliedAsync(seq, stop.Token))])))
            .ToList();
        var all = Task.WhenAll(nodes.Select(n => n.Confirmed));
        var remaining = deadline - time.GetUtcNow();
        if (!all.IsCompleted && remaining > TimeSpan.Zero)
        {
            // WhenAny never throws: a cancelled delay just ends the wait.
            await Task.WhenAny(all, Task.Delay(remaining, time, stop.Token)).ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        // Releases the waiters of nodes that did not confirm in time (they complete with false).
        await stop.CancelAsync().ConfigureAwait(false);
        await all.ConfigureAwait(false);
        var pending = nodes.Where(n => !n.Confirmed.Result)
            .Select(n => new PropagationNode(n.Node.NodeId, n.Node.NodeName))
            .OrderBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        return new RevocationPropagation(nodes.Count, nodes.Count - pending.Count, pending);
    }

    internal void Detach(StreamSubscription subscription)
    {
        lock (_lock)
        {
            if (_byNamespace.TryGetValue(subscription.Namespace, out var list) && list.Remove(subscription) && list.Count == 0)
            {
                _byNamespace.Remove(subscription.Namespace);
            }
        }
    }

    private static async Task<bool> AnyConfirmedAsync(List<Task<bool>> connections)
    {
        while (connections.Count > 0)
        {
            var done = await Task.WhenAny(connections).ConfigureAwait(false);
            if (await done.ConfigureAwait(false))
            {
                return true;
            }
            connections.Remove(done);
        }
        return false;
    }
}
