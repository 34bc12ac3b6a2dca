using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// The subject (contract in docs/openclaw.md): <c>--subject</c> → <c>SIGILUM_SUBJECT</c> → the hook's subject hints
/// (the record for this session, then the latest for this agent) → the agent id. The hints file is
/// <c>{"updated_at","by_session":{key:R},"by_agent":{id:R},"recent":[R…]}</c> with R =
/// <c>{"agent_id","channel","from","sender_id","sender_e164","subject","at"}</c>; it is a convenience written by the
/// hook, so a missing, oversized or malformed file is skipped (with a warning for the last two), never fatal.
/// </summary>
internal static class SubjectResolution
{
    /// <summary>The hook keeps at most 200 recent records; a file much larger than that is not one of its files.</summary>
    public const int MaxHintsBytes = 1024 * 1024;

    /// <summary>The control plane stores at most 256 characters of a subject.</summary>
    public const int MaxSubjectLength = 256;

    public static SubjectChoice Resolve(string? option, Func<string, string?> getVariable, string hintsFile, string agentId, Action<string> warn)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        ArgumentNullException.ThrowIfNull(warn);
        if (Given(option, "--subject") is { } explicitSubject)
        {
            return new SubjectChoice(explicitSubject, "--subject");
        }
        if (Given(getVariable("SIGILUM_SUBJECT"), "SIGILUM_SUBJECT") is { } variable)
        {
            return new SubjectChoice(variable, "SIGILUM_SUBJECT");
        }
        if (FromHints(hintsFile, OpenClawLocations.SessionKey(getVariable), agentId, warn) is { } hinted)
        {
            return hinted;
        }
        return new SubjectChoice(agentId, "agent id");
    }

    /// <summary>A subject someone set on purpose: unusable is an error, not a reason to pick another one.</summary>
    private static string? Given(string? value, string source)
    {
        if (OpenClawLocations.NonEmpty(value) is null)
        {
            return null;
        }
        return Usable(value) ?? throw new CliException(ExitCodes.Usage,
            $"{source} must be at most {MaxSubjectLength} characters without control characters ({ErrorCatalogue.AgentInputInvalid})");
    }

    private static SubjectChoice? FromHints(string hintsFile, string? sessionKey, string agentId, Action<string> warn)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(hintsFile);
            if (!info.Exists)
            {
                return null;
            }
            if (info.Length > MaxHintsBytes)
            {
                warn($"{hintsFile} is larger than {MaxHintsBytes} bytes; subject hints ignored.");
                return null;
            }
            bytes = File.ReadAllBytes(hintsFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warn($"{hintsFile} could not be read ({ex.Message}); subject hints ignored.");
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                warn($"{hintsFile} is not a JSON object; subject hints ignored.");
                return null;
            }
            // A session's record counts only for the agent it belongs to: --agent may have chosen another agent.
            if (sessionKey is not null && Record(root, "by_session", sessionKey) is { } session &&
                (Text(session, "agent_id") is not { } owner || Same(owner, agentId)) &&
                Usable(Text(session, "subject")) is { } bySession)
            {
                return new SubjectChoice(bySession, "subject hints (session)");
            }
            if (Record(root, "by_agent", agentId) is { } agent && Usable(Text(agent, "subject")) is { } byAgent)
            {
                return new SubjectChoice(byAgent, "subject hints (agent)");
            }
            return null;
        }
        catch (JsonException)
        {
            warn($"{hintsFile} is not valid JSON; subject hints ignored.");
            return null;
        }
    }

    private static JsonElement? Record(JsonElement root, string map, string key)
    {
        if (!root.TryGetProperty(map, out var records) || records.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (records.TryGetProperty(key, out var exact) && exact.ValueKind == JsonValueKind.Object)
        {
            return exact;
        }
        // by_agent is keyed by the raw OpenClaw id; the helper knows the sanitised folder name.
        foreach (var property in records.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Object && Same(property.Name, key))
            {
                return property.Value;
            }
        }
        return null;
    }

    private static bool Same(string rawId, string agentId) =>
        OpenClawLocations.NonEmpty(rawId) is { } trimmed && Sigilum.Sdk.Identity.AgentKeyDirectory.SanitizeAgentId(trimmed) == agentId;

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A subject that can go into a header: trimmed, non-empty, no control characters, at most 256 characters.</summary>
    private static string? Usable(string? value)
    {
        var trimmed = OpenClawLocations.NonEmpty(value);
        return trimmed is null || trimmed.Length > MaxSubjectLength || trimmed.Any(char.IsControl) ? null : trimmed;
    }
}
