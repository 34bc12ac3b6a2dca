using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sigilum.Testing;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The proxy path's typed decision lines (issue #13): byte for byte the line the dictionary form wrote (names, order,
/// redaction), written by the background writer, never dropped, flushed on dispose.
/// </summary>
public sealed class ProxyDecisionTests
{
    private const string Key = "ed25519:ABCDEFGHIJKLmnopqrstuvwxyz+/012345678901";
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Kinds => [.. Enum.GetNames<ProxyDecisionKind>()];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Format_EveryKind_SameLineAsTheDictionaryForm(string kindName)
    {
        var kind = Enum.Parse<ProxyDecisionKind>(kindName);
        var decision = Sample(kind);
        var log = new JsonDecisionLog(Loggers(out _), new FakeTimeProvider(Now), enabled: true);

        var typed = JsonDecisionLog.Format(decision);

        Assert.Equal(log.Format(decision.EventName, DictionaryForm(decision)), typed);
        log.Dispose();
    }

    [Fact]
    public void Format_RequestStartAndEnd_ExactBytesPinned()
    {
        // The two lines of every proxied request, byte for byte (issue #13: any faster writer must keep them).
        var at = Now.AddTicks(1_234_567);
        var start = Sample(ProxyDecisionKind.RequestStart);
        start.Timestamp = at;
        var end = Sample(ProxyDecisionKind.RequestEnd);
        end.Timestamp = at;

        Assert.Equal(
            """{"timestamp":"2026-11-21T12:00:00.1234567Z","component":"gateway","kind":"decision","event":"proxy_request_start","request_id":"req_1","connection_id":"linear","method":"POST","path":"/v1/issues","remote_ip":"203.0.113.0/24"}""",
            JsonDecisionLog.Format(start));
        Assert.Equal(
            """{"timestamp":"2026-11-21T12:00:00.1234567Z","component":"gateway","kind":"decision","event":"proxy_request_end","request_id":"req_1","connection_id":"linear","did":"did:sigilum:alice:linear#ABCDEFGHIJKL-45678901#bob","status":201,"outcome":"success","duration":1234.568,"remote_ip":"203.0.113.0/24"}""",
            JsonDecisionLog.Format(end));
    }

    [Fact]
    public void Format_RequestEnd_IdentityFieldsRedactedAsBefore()
    {
        using var line = JsonDocument.Parse(JsonDecisionLog.Format(Sample(ProxyDecisionKind.ClaimRequired)));
        var root = line.RootElement;

        Assert.Equal(DecisionLogRedaction.Hash("alice"), root.GetProperty("namespace").GetString());
        Assert.Equal(DecisionLogRedaction.Hash(Key), root.GetProperty("agent_key").GetString());
        Assert.Equal(DecisionLogRedaction.Hash("clm_1"), root.GetProperty("claim_id").GetString());
        Assert.Equal("203.0.113.0/24", root.GetProperty("remote_ip").GetString());
        Assert.DoesNotContain("203.0.113.77", line.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Queued_WrittenByTheBackgroundWriterAndFlushedOnDispose()
    {
        var log = new JsonDecisionLog(Loggers(out var captured), new FakeTimeProvider(Now), enabled: true);
        for (var i = 0; i < 100; i++)
        {
            log.Write(Sample(ProxyDecisionKind.RequestStart));
        }

        log.Dispose();

        Assert.Equal(100, captured.Decisions.Count);
        Assert.All(captured.Decisions, text => Assert.Equal("proxy_request_start", JsonDocument.Parse(text).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public void Write_TimestampIsWhenQueuedNotWhenWritten()
    {
        var clock = new FakeTimeProvider(Now);
        var log = new JsonDecisionLog(Loggers(out var captured), clock, enabled: true);

        log.Write(Sample(ProxyDecisionKind.RotationWarning));
        clock.Advance(TimeSpan.FromMinutes(5));
        log.Dispose();

        Assert.Equal("2026-11-21T12:00:00.0000000Z", JsonDocument.Parse(Assert.Single(captured.Decisions)).RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Write_AfterDispose_WrittenByTheCallerNotDropped()
    {
        var log = new JsonDecisionLog(Loggers(out var captured), new FakeTimeProvider(Now), enabled: true);
        log.Dispose();

        log.Write(Sample(ProxyDecisionKind.AuthDenied));

        Assert.Single(captured.Decisions);
    }

    [Fact]
    public void Write_Disabled_NothingLogged()
    {
        var log = new JsonDecisionLog(Loggers(out var captured), new FakeTimeProvider(Now), enabled: false);

        log.Write(Sample(ProxyDecisionKind.RequestEnd));
        log.Dispose();

        Assert.Empty(captured.Entries);
    }

    private static ProxyDecision Sample(ProxyDecisionKind kind) => new()
    {
        Kind = kind, RequestId = "req_1", ConnectionId = "linear", Method = "POST", Path = "/v1/issues", RemoteIp = "203.0.113.77",
        Stage = "signature_verification", Code = "AUTH_SIGNATURE_INVALID", Namespace = "alice", Subject = "bob", AgentKey = Key,
        ClaimSubmit = "Submitted", ClaimId = "clm_1", Status = 201, Outcome = "success", Duration = TimeSpan.FromTicks(12_345_678),
        Action = "mcp_call:echo", Tool = "echo", Timestamp = Now,
    };

    // What ProxyPipeline passed before the typed record, field for field (and the MCP lines' fields, spec §3.11).
    private static Dictionary<string, object?> DictionaryForm(ProxyDecision d) => d.Kind switch
    {
        ProxyDecisionKind.RequestStart => new() { ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["method"] = d.Method, ["path"] = d.Path, ["remote_ip"] = d.RemoteIp },
        ProxyDecisionKind.AuthDenied => new() { ["request_id"] = d.RequestId, ["stage"] = d.Stage, ["code"] = d.Code, ["connection_id"] = d.ConnectionId, ["remote_ip"] = d.RemoteIp },
        ProxyDecisionKind.ClaimRequired => new()
        {
            ["request_id"] = d.RequestId, ["stage"] = d.Stage, ["code"] = d.Code, ["connection_id"] = d.ConnectionId,
            ["namespace"] = d.Namespace, ["subject"] = d.Subject, ["agent_key"] = d.AgentKey,
            ["claim_submit"] = d.ClaimSubmit, ["claim_id"] = d.ClaimId, ["remote_ip"] = d.RemoteIp,
        },
        ProxyDecisionKind.RotationWarning => new() { ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId },
        ProxyDecisionKind.ConnectionRefused => new() { ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["status"] = d.Status, ["code"] = d.Code, ["remote_ip"] = d.RemoteIp },
        ProxyDecisionKind.McpRequestStart => new()
        {
            ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["method"] = d.Method, ["path"] = d.Path, ["action"] = d.Action, ["remote_ip"] = d.RemoteIp,
        },
        ProxyDecisionKind.McpDiscoveryStaleIfError => new() { ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["code"] = d.Code, ["remote_ip"] = d.RemoteIp },
        ProxyDecisionKind.McpToolCallDenied => new()
        {
            ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["tool"] = d.Tool, ["code"] = d.Code, ["status"] = d.Status, ["remote_ip"] = d.RemoteIp,
        },
        ProxyDecisionKind.McpRequestEnd => new()
        {
            ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["did"] = LoggingDid.For(d.Namespace!, d.ConnectionId!, d.AgentKey!, d.Subject),
            ["action"] = d.Action, ["status"] = d.Status, ["outcome"] = d.Outcome, ["duration"] = d.Duration, ["remote_ip"] = d.RemoteIp,
        },
        _ => new()
        {
            ["request_id"] = d.RequestId, ["connection_id"] = d.ConnectionId, ["did"] = LoggingDid.For(d.Namespace!, d.ConnectionId!, d.AgentKey!, d.Subject),
            ["status"] = d.Status, ["outcome"] = d.Outcome, ["duration"] = d.Duration, ["remote_ip"] = d.RemoteIp,
        },
    };

    private static ILoggerFactory Loggers(out CapturingLoggerProvider captured)
    {
        var provider = new CapturingLoggerProvider();
        captured = provider;
        return LoggerFactory.Create(builder => builder.AddProvider(provider).SetMinimumLevel(LogLevel.Information));
    }
}
