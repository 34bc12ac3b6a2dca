namespace Sigilum.Gateway.Operations;

/// <summary>
/// One JSON line per gateway decision (spec §3.11): <c>{"timestamp","component":"gateway","kind":"decision","event",…}</c>,
/// with fields redacted by name before they are written. Separate from the audit log.
/// </summary>
internal interface IDecisionLog
{
    /// <summary>Writes one decision; <paramref name="fields"/> are redacted by name (tokens, IPs, keys).</summary>
    void Write(string eventName, IReadOnlyDictionary<string, object?> fields);

    /// <summary>
    /// Queues one decision of the proxy path; the line is formatted and written off the request thread, with the same
    /// names, order and redaction as the dictionary form.
    /// </summary>
    void Write(ProxyDecision decision);
}
