using System.Text.Json;

namespace Sigilum.Core.Usage.Reporting;

/// <summary>
/// Writes one usage event of a batch straight into the request body (no JSON DOM, no per-event strings), shaped so the
/// control plane's validation cannot refuse it: every field that comes from the agent's request is bounded or left out
/// here, because one refused event refuses its whole batch (ADR 0029). The namespace is not sent: the control plane
/// files every event under the registered node's namespace, and an agent of another namespace must not spoil a batch.
/// </summary>
internal static class UsageEventWriter
{
    /// <summary>The data plane's two-letter tag ("gw", "vt") + "-" + 32 hex digits + "-": the batch's part of every event id.</summary>
    public const int IdPrefixLength = 36;

    /// <summary>The control plane's bounds (docs/audit-witness.md).</summary>
    private const int MaxPath = 2048;
    private const int MaxSubject = 256;
    private const int MaxAgentId = 128;
    private const int MaxMethod = 16;

    public static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
    private static readonly JsonEncodedText EventId = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText PublicKey = JsonEncodedText.Encode("public_key");
    private static readonly JsonEncodedText Subject = JsonEncodedText.Encode("subject");
    private static readonly JsonEncodedText AgentId = JsonEncodedText.Encode("agent_id");
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText StatusCode = JsonEncodedText.Encode("status_code");
    private static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
    private static readonly JsonEncodedText RequestMethod = JsonEncodedText.Encode("request_method");
    private static readonly JsonEncodedText RequestPath = JsonEncodedText.Encode("request_path");
    private static readonly JsonEncodedText OccurredAt = JsonEncodedText.Encode("occurred_at");
    private static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
    private static readonly JsonEncodedText Http = JsonEncodedText.Encode("http");
    private static readonly JsonEncodedText Mcp = JsonEncodedText.Encode("mcp");

    /// <summary>The control plane's bound on the tool name in <c>mcp_call:&lt;tool&gt;</c>.</summary>
    private const int MaxTool = 128;
    private static readonly JsonEncodedText Success = JsonEncodedText.Encode("success");
    private static readonly JsonEncodedText Denied = JsonEncodedText.Encode("denied");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");

    /// <summary>Fills <paramref name="prefix"/> (<see cref="IdPrefixLength"/> chars) with a fresh batch id tagged <paramref name="tag"/> (two letters).</summary>
    public static void IdPrefix(Span<char> prefix, ReadOnlySpan<char> tag)
    {
        tag.CopyTo(prefix);
        prefix[2] = '-';
        Guid.NewGuid().TryFormat(prefix[3..], out _, "N");
        prefix[^1] = '-';
    }

    /// <summary>Writes <paramref name="report"/> as the batch's event number <paramref name="index"/>.</summary>
    public static void Write(Utf8JsonWriter writer, UsageReport report, ReadOnlySpan<char> idPrefix, int index)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        Span<char> id = stackalloc char[IdPrefixLength + 11];
        idPrefix.CopyTo(id);
        index.TryFormat(id[idPrefix.Length..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);

        writer.WriteStartObject();
        writer.WriteString(EventId, id[..(idPrefix.Length + digits)]);
        writer.WriteString(Service, report.Service);
        writer.WriteString(PublicKey, report.PublicKey);
        WriteText(writer, Subject, report.Subject, MaxSubject);
        WriteText(writer, AgentId, report.AgentId, MaxAgentId);
        writer.WriteString(Outcome, report.Outcome switch
        {
            UsageOutcome.Success => Success,
            UsageOutcome.Denied => Denied,
            _ => Error,
        });
        if (report.StatusCode is { } status and >= 100 and <= 599)
        {
            writer.WriteNumber(StatusCode, status);
        }
        if (report.DurationMs is { } duration)
        {
            writer.WriteNumber(DurationMs, Math.Clamp(duration, 0, 86_400_000));
        }
        WriteMethod(writer, report.RequestMethod);
        WritePath(writer, report.RequestPath);
        writer.WriteString(OccurredAt, report.OccurredAt.ToUniversalTime());
        writer.WriteString(Protocol, report.Protocol == "mcp" ? Mcp : Http);
        WriteAction(writer, report.Action);
        writer.WriteEndObject();
    }

    /// <summary>
    /// <c>proxy</c>, <c>mcp_list</c>, <c>mcp_explain[:tool]</c> or <c>mcp_call[:tool]</c>; a tool name that the control plane
    /// would refuse (longer than 128, or anything but visible ASCII) leaves the tool out rather than spoil the batch.
    /// </summary>
    private static void WriteAction(Utf8JsonWriter writer, string? action)
    {
        var colon = action?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        var verb = colon < 0 ? action : action![..colon];
        if (verb is not ("proxy" or "mcp_list" or "mcp_explain" or "mcp_call"))
        {
            return;
        }
        var tool = colon < 0 ? default : action.AsSpan(colon + 1);
        var keepTool = verb is "mcp_explain" or "mcp_call" && tool.Length is > 0 and <= MaxTool && !tool.ContainsAnyExceptInRange('!', '~');
        writer.WriteString(Action, keepTool ? action : verb);
    }

    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText name, string? value, int max)
    {
        var text = Cut(value.AsSpan().Trim(), max);
        if (!text.IsEmpty && IsWellFormed(text))
        {
            writer.WriteString(name, text);
        }
    }

    /// <summary>Upper-cased; left out unless it is 1-16 ASCII letters (the control plane accepts nothing else).</summary>
    private static void WriteMethod(Utf8JsonWriter writer, string? method)
    {
        if (method is not { Length: > 0 and <= MaxMethod } || !IsAsciiLetters(method))
        {
            return;
        }
        Span<char> upper = stackalloc char[MaxMethod];
        var length = System.Text.Ascii.ToUpper(method, upper, out var written) == System.Buffers.OperationStatus.Done ? written : 0;
        writer.WriteString(RequestMethod, upper[..length]);
    }

    /// <summary>
    /// Without the query string (a <c>query_param</c> credential travels there), at most 2048 characters; left out
    /// when it does not start with '/' or holds a control character.
    /// </summary>
    private static void WritePath(Utf8JsonWriter writer, string? path)
    {
        var span = path.AsSpan();
        var query = span.IndexOf('?');
        if (query >= 0)
        {
            span = span[..query];
        }
        span = Cut(span, MaxPath);
        if (span.IsEmpty || span[0] != '/' || HasControl(span) || !IsWellFormed(span))
        {
            return;
        }
        writer.WriteString(RequestPath, span);
    }

    /// <summary>At most <paramref name="max"/> characters, never ending inside a surrogate pair.</summary>
    private static ReadOnlySpan<char> Cut(ReadOnlySpan<char> text, int max) =>
        text.Length <= max ? text : char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)] : text[..max];

    /// <summary>
    /// False for a lone surrogate, which the JSON writer cannot encode: such a field is left out rather than let one
    /// odd header stop the reporter.
    /// </summary>
    private static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return true;
        }
        while (!text.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(text, out _, out var used) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
            text = text[used..];
        }
        return true;
    }

    private static bool IsAsciiLetters(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private static bool HasControl(ReadOnlySpan<char> text)
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
