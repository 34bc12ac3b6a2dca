using Sigilum.ControlPlane.Api;
using Sigilum.Core.Nodes;
using Sigilum.Core.Usage;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Usage;

/// <summary>Validation of reported usage events: every string bounded, nothing that could carry a secret stored.</summary>
internal static class UsageEventRules
{
    public const int MaxEventIdLength = 128;
    public const int MaxPathLength = 2048;
    public const int MaxToolLength = 128;
    public static readonly IReadOnlyList<string> Outcomes = ["success", "denied", "error"];
    public static readonly IReadOnlyList<string> Protocols = ["http", "mcp"];

    /// <summary>How far back an <c>occurred_at</c> may be (a gateway flushing after an outage) and ahead (clock skew).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static bool IsOutcome(string? value) => value is "success" or "denied" or "error";

    public static bool IsProtocol(string? value) => value is "http" or "mcp";

    /// <summary>
    /// <c>proxy</c>, <c>mcp_list</c>, <c>mcp_explain</c> or <c>mcp_call</c>, the last two optionally with <c>:&lt;tool&gt;</c>
    /// (spec §3.12): a tool name of 1-128 visible ASCII characters, nothing else (arguments are never reported).
    /// </summary>
    public static bool IsAction(string? value)
    {
        if (value is "proxy" or "mcp_list" or "mcp_explain" or "mcp_call")
        {
            return true;
        }
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon < 0 || value![..colon] is not ("mcp_explain" or "mcp_call"))
        {
            return false;
        }
        var tool = value.AsSpan(colon + 1);
        return tool.Length is > 0 and <= MaxToolLength && !tool.ContainsAnyExceptInRange('!', '~');
    }

    /// <summary>The tool of an <c>mcp_call:&lt;tool&gt;</c> or <c>mcp_explain:&lt;tool&gt;</c> action, else null.</summary>
    public static string? ToolOf(string? action) =>
        action is not null && (action.StartsWith("mcp_call:", StringComparison.Ordinal) || action.StartsWith("mcp_explain:", StringComparison.Ordinal))
            ? action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..]
            : null;

    /// <summary>
    /// The event to store, or null and a reason. The id is stored scoped to the reporting node
    /// (<c>node/event_id</c>): the reference kept one global id space that a client could fill to shadow
    /// other tenants' events (spec §9 item 5).
    /// </summary>
    public static UsageEvent? ToEvent(UsageEventRequest? body, DataPlaneNode node, DateTimeOffset now, out string error)
    {
        error = string.Empty;
        if (body is null || body.EventId is not { Length: > 0 and <= MaxEventIdLength } || body.EventId.AsSpan().ContainsAnyExcept(IdChars))
        {
            error = $"event_id must be 1-{MaxEventIdLength} characters of A-Z, a-z, 0-9 and . _ : -.";
        }
        else if (!InputRules.IsSlug(body.Service))
        {
            error = "service must be a service slug.";
        }
        else if (!AgentKeys.TryParse(body.PublicKey, out _))
        {
            error = "public_key must be the agent's key, ed25519:<base64 of 32 bytes>.";
        }
        else if (!IsOutcome(body.Outcome))
        {
            error = "outcome must be success, denied or error.";
        }
        else if (body.StatusCode is < 100 or > 599 || body.DurationMs is < 0 or > 86_400_000)
        {
            error = "status_code must be 100-599 and duration_ms 0-86400000.";
        }
        else if (body.RequestMethod is { } m && (m.Length is 0 or > 16 || m.AsSpan().ContainsAnyExceptInRange('A', 'Z')))
        {
            error = "request_method must be an upper-case HTTP method.";
        }
        else if (body.RequestPath is { } p && (!p.StartsWith('/') || p.Length > MaxPathLength || HasControl(p)))
        {
            error = $"request_path must start with / and be at most {MaxPathLength} characters.";
        }
        else if (body.OccurredAt is { } at && (at > now + MaxSkew || at < now - MaxAge))
        {
            error = "occurred_at must be within the last 7 days and not in the future.";
        }
        else if (body.Protocol is not null && !IsProtocol(body.Protocol))
        {
            error = "protocol must be http or mcp.";
        }
        else if (body.Action is not null && !IsAction(body.Action))
        {
            error = $"action must be proxy, mcp_list, mcp_explain[:<tool>] or mcp_call[:<tool>] (a tool name of 1-{MaxToolLength} visible ASCII characters).";
        }
        if (error.Length > 0)
        {
            return null;
        }
        return new UsageEvent
        {
            EventId = node.Id + "/" + body!.EventId,
            Namespace = node.Namespace,
            Service = body.Service!,
            PublicKey = body.PublicKey!,
            Subject = InputRules.Text(body.Subject, 256),
            AgentId = InputRules.Text(body.AgentId, 128),
            Outcome = body.Outcome!,
            StatusCode = body.StatusCode,
            DurationMs = body.DurationMs,
            Method = body.RequestMethod,
            // The query string is dropped: provider keys travel there (?api_key=…) and usage is not audit.
            Path = WithoutQuery(body.RequestPath),
            NodeId = node.Id,
            CreatedAt = body.OccurredAt ?? now,
            Protocol = body.Protocol,
            Action = body.Action,
        };
    }

    /// <summary>The event id as the node sent it (without the node scope added at storage).</summary>
    public static string ClientEventId(UsageEvent usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var prefix = usage.NodeId + "/";
        return usage.NodeId is not null && usage.EventId.StartsWith(prefix, StringComparison.Ordinal) ? usage.EventId[prefix.Length..] : usage.EventId;
    }

    // Checked per event of every batch: span searches instead of LINQ over the string's characters (ADR 0029).
    private static readonly System.Buffers.SearchValues<char> IdChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-");

    private static string? WithoutQuery(string? path) => path?.IndexOf('?', StringComparison.Ordinal) is { } q and >= 0 ? path[..q] : path;

    private static bool HasControl(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }
}
