namespace Sigilum.Core.Usage.Reporting;

/// <summary>
/// What a data plane supplies to <see cref="UsageClient"/> (in the style of <see cref="Witness.IWitnessLink"/>): where the
/// control plane's batch endpoint is, how a request is signed as this node, the batching policy, and what to do with each
/// outcome. The gateway sends through its signed control-plane client, logs and counts into its metrics; the vault signs
/// with its node key under the registered vault node (ADR 0061).
/// </summary>
public interface IUsageLink
{
    /// <summary>The batch endpoint, <c>…/v1/usage/events/batch</c>; read per attempt.</summary>
    Uri BatchUrl { get; }

    /// <summary>Two lower-case letters that start every event id of this node's batches (<c>gw</c>, <c>vt</c>).</summary>
    string EventIdTag { get; }

    /// <summary>Batching, queueing and retry policy; the batch size and queue capacity are read once, the rest per attempt.</summary>
    UsageReportingPolicy Policy { get; }

    /// <summary>Signs <paramref name="request"/> (whose body is <paramref name="body"/>, in a <see cref="BufferedBodyContent"/>) as this node and sends it.</summary>
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    /// <summary><paramref name="count"/> reports ended as <paramref name="result"/> (<c>sent</c>, <c>refused</c>, <c>dropped</c>); for metrics. Must not block.</summary>
    void Counted(string result, int count);

    /// <summary>The first failed attempt of a streak (<paramref name="reason"/>); later ones are silent until one succeeds.</summary>
    void Failing(string reason);

    /// <summary>A batch got through after <paramref name="failedAttempts"/> failed attempts.</summary>
    void Recovered(long failedAttempts);

    /// <summary>The queue is full and the oldest reports are dropped (<paramref name="dropped"/> so far); called once per thousand.</summary>
    void Dropping(long dropped);

    /// <summary>The control plane refused a batch of <paramref name="count"/> for good (HTTP <paramref name="status"/>, error <paramref name="code"/>).</summary>
    void Refused(int count, int status, string? code);

    /// <summary>At shutdown, <paramref name="count"/> reports could not be sent (<paramref name="reason"/>).</summary>
    void FlushFailed(int count, string reason);
}
