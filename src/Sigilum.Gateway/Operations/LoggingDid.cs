using System.Text;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The <c>did</c> field of decision lines (spec §3.11): <c>did:sigilum:&lt;ns&gt;:&lt;service&gt;#&lt;agent&gt;</c>
/// plus <c>#&lt;subject&gt;</c> when the subject differs from the namespace. The agent is the public key without
/// <c>ed25519:</c>, shortened to first 12 + <c>-</c> + last 8 characters when longer than 24, reduced to
/// <c>[A-Za-z0-9._-]</c>. Namespace and subject stay readable on purpose (as in Sigilum).
/// </summary>
internal static class LoggingDid
{
    // The last did built on this thread: an agent sends many requests to one connection, and the decision writer
    // builds one per request end (issue #13: two StringBuilders and three strings each time).
    [ThreadStatic]
    private static Last? t_last;

    public static string For(string ns, string service, string agentPublicKey, string? subject)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(agentPublicKey);
        if (t_last is { } last && last.Matches(ns, service, agentPublicKey, subject))
        {
            return last.Did;
        }
        var did = Build(ns, service, agentPublicKey, subject);
        t_last = new Last(ns, service, agentPublicKey, subject, did);
        return did;
    }

    private static string Build(string ns, string service, string agentPublicKey, string? subject)
    {
        var did = new StringBuilder("did:sigilum:").Append(ns).Append(':').Append(service).Append('#').Append(Agent(agentPublicKey));
        if (!string.IsNullOrEmpty(subject) && !string.Equals(subject, ns, StringComparison.Ordinal))
        {
            did.Append('#').Append(subject);
        }
        return did.ToString();
    }

    private sealed record Last(string Namespace, string Service, string AgentPublicKey, string? Subject, string Did)
    {
        public bool Matches(string ns, string service, string agentPublicKey, string? subject) =>
            string.Equals(ns, Namespace, StringComparison.Ordinal) && string.Equals(service, Service, StringComparison.Ordinal)
            && string.Equals(agentPublicKey, AgentPublicKey, StringComparison.Ordinal) && string.Equals(subject, Subject, StringComparison.Ordinal);
    }

    private static string Agent(string publicKey)
    {
        const string Prefix = "ed25519:";
        var key = publicKey.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? publicKey[Prefix.Length..] : publicKey;
        if (key.Length > 24)
        {
            key = string.Concat(key.AsSpan(0, 12), "-", key.AsSpan(key.Length - 8));
        }
        var clean = new StringBuilder(key.Length);
        foreach (var c in key)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }
}
