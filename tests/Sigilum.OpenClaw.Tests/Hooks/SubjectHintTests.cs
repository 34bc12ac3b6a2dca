using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Hooks;

/// <summary>sigilum-plugin on <c>message:received</c>: subject hints in <c>&lt;state&gt;/.sigilum/subject-hints.json</c>.</summary>
public sealed class SubjectHintTests : IDisposable
{
    private readonly HookSandbox _sandbox = new();

    [Fact]
    public async Task MessageReceived_PhoneSender_RecordedBySessionAgentAndRecentPrivately()
    {
        var run = await _sandbox.RunAsync("sigilum-plugin", Message("agent:helper:main", from: "+15551234567", senderId: "u-77", senderE164: "+15551234567"));

        Assert.Empty(run.Errors);
        var hints = JsonNode.Parse(await File.ReadAllTextAsync(_sandbox.SubjectHintsPath))!;
        var record = hints["by_session"]!["agent:helper:main"]!;
        Assert.Equal("helper", record["agent_id"]!.GetValue<string>());
        Assert.Equal("whatsapp", record["channel"]!.GetValue<string>());
        Assert.Equal("+15551234567", record["from"]!.GetValue<string>());
        Assert.Equal("u-77", record["sender_id"]!.GetValue<string>());
        Assert.Equal("+15551234567", record["sender_e164"]!.GetValue<string>());
        Assert.Equal("+15551234567", record["subject"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(record["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(record.ToJsonString(), hints["by_agent"]!["helper"]!.ToJsonString());
        Assert.Equal(record.ToJsonString(), Assert.Single(hints["recent"]!.AsArray())!.ToJsonString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_sandbox.SubjectHintsPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(_sandbox.SubjectHintsPath)!));
        // Written through a temp file and a rename: nothing else is left in the folder.
        Assert.Equal(["subject-hints.json"], Directory.GetFiles(Path.GetDirectoryName(_sandbox.SubjectHintsPath)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task MessageReceived_SlackSenderWithoutPhone_SubjectIsTheSenderIdAndAbsentFieldsOmitted()
    {
        await _sandbox.RunAsync("sigilum-plugin", Message("agent:main:slack:C1", from: "slack:U123", senderId: "U123", senderE164: null));

        var record = JsonNode.Parse(await File.ReadAllTextAsync(_sandbox.SubjectHintsPath))!["by_session"]!["agent:main:slack:C1"]!.AsObject();
        Assert.Equal("U123", record["subject"]!.GetValue<string>());
        Assert.Equal(["agent_id", "channel", "from", "sender_id", "subject", "at"], record.Select(p => p.Key));
    }

    [Fact]
    public async Task MessageReceived_StoreHolds200_KeepsTheNewest200()
    {
        var recent = new JsonArray([.. Enumerable.Range(0, 200).Select(i => (JsonNode)new JsonObject { ["subject"] = $"old-{i}" })]);
        Directory.CreateDirectory(Path.GetDirectoryName(_sandbox.SubjectHintsPath)!);
        await File.WriteAllTextAsync(_sandbox.SubjectHintsPath, new JsonObject
        {
            ["updated_at"] = "2026-01-01T00:00:00.000Z",
            ["by_session"] = new JsonObject { ["agent:ops:main"] = new JsonObject { ["subject"] = "kept" } },
            ["by_agent"] = new JsonObject(),
            ["recent"] = recent,
        }.ToJsonString());

        await _sandbox.RunAsync("sigilum-plugin", Message("agent:main:main", from: "+15550000001", senderId: null, senderE164: null));

        var hints = JsonNode.Parse(await File.ReadAllTextAsync(_sandbox.SubjectHintsPath))!;
        var kept = hints["recent"]!.AsArray();
        Assert.Equal(200, kept.Count);
        Assert.Equal("old-1", kept[0]!["subject"]!.GetValue<string>());
        Assert.Equal("+15550000001", kept[199]!["subject"]!.GetValue<string>());
        Assert.Equal("kept", hints["by_session"]!["agent:ops:main"]!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task MessageReceived_StoreIsNotJson_StartsAfresh()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_sandbox.SubjectHintsPath)!);
        await File.WriteAllTextAsync(_sandbox.SubjectHintsPath, "{not json");

        var run = await _sandbox.RunAsync("sigilum-plugin", Message("agent:main:main", from: "+15550000002", senderId: null, senderE164: null));

        Assert.Empty(run.Errors);
        var hints = JsonNode.Parse(await File.ReadAllTextAsync(_sandbox.SubjectHintsPath))!;
        Assert.Equal("+15550000002", Assert.Single(hints["recent"]!.AsArray())!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task MessageReceived_StateFolderUnwritable_LogsAndReturns()
    {
        // A file where the .sigilum folder should be: the write fails, the handler must not throw into OpenClaw.
        await File.WriteAllTextAsync(Path.Combine(_sandbox.StateDirectory, ".sigilum"), "x");

        var run = await _sandbox.RunAsync("sigilum-plugin", Message("agent:main:main", from: "+15550000003", senderId: null, senderE164: null));

        Assert.Contains("[sigilum-plugin] message:received failed", run.Errors, StringComparison.Ordinal);
    }

    private static JsonObject Message(string sessionKey, string from, string? senderId, string? senderE164)
    {
        var metadata = new JsonObject { ["provider"] = "whatsapp", ["surface"] = "whatsapp" };
        if (senderId is not null)
        {
            metadata["senderId"] = senderId;
        }
        if (senderE164 is not null)
        {
            metadata["senderE164"] = senderE164;
        }
        // message:received carries no cfg: the hook falls back to env.vars (process.env), unset here.
        return new JsonObject
        {
            ["type"] = "message",
            ["action"] = "received",
            ["sessionKey"] = sessionKey,
            ["context"] = new JsonObject { ["from"] = from, ["content"] = "hello", ["channelId"] = "whatsapp", ["metadata"] = metadata },
        };
    }

    public void Dispose() => _sandbox.Dispose();
}
