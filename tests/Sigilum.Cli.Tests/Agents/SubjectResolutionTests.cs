using Sigilum.Testing;

namespace Sigilum.Cli.Agents;

/// <summary>The subject: option, variable, the hook's hints (session, then agent), the agent id.</summary>
public sealed class SubjectResolutionTests : IDisposable
{
    private const string Hints = """
        {
          "updated_at": "2026-12-07T10:00:00.000Z",
          "by_session": {
            "agent:research:slack:direct:u1": {"agent_id": "research", "channel": "slack", "from": "slack:U1", "sender_id": "U1", "subject": "alice@example.com", "at": "2026-12-07T10:00:00.000Z"},
            "agent:ops:main": {"agent_id": "ops", "channel": "telegram", "subject": "ops-user", "at": "2026-12-07T09:00:00.000Z"}
          },
          "by_agent": {
            "research": {"agent_id": "research", "channel": "whatsapp", "sender_e164": "+15550100", "subject": "+15550100", "at": "2026-12-07T09:30:00.000Z"}
          },
          "recent": []
        }
        """;

    private readonly TempDirectory _dir = new("sigilum-agent-hints-");
    private readonly Dictionary<string, string> _env = [];
    private readonly List<string> _warnings = [];

    public SubjectResolutionTests() => HintsFile = Path.Combine(_dir.Path, "subject-hints.json");

    private string HintsFile { get; }

    public void Dispose() => _dir.Dispose();

    private SubjectChoice Resolve(string? option = null, string agent = "research") =>
        SubjectResolution.Resolve(option, name => _env.GetValueOrDefault(name), HintsFile, agent, _warnings.Add);

    [Fact]
    public void Resolve_OptionSet_WinsOverEverything()
    {
        File.WriteAllText(HintsFile, Hints);
        _env["SIGILUM_SUBJECT"] = "from-env";
        _env["OPENCLAW_SESSION_KEY"] = "agent:research:slack:direct:u1";

        Assert.Equal(new SubjectChoice("from-option", "--subject"), Resolve(" from-option "));
    }

    [Fact]
    public void Resolve_VariableSet_WinsOverTheHints()
    {
        File.WriteAllText(HintsFile, Hints);
        _env["SIGILUM_SUBJECT"] = "from-env";
        _env["OPENCLAW_SESSION_KEY"] = "agent:research:slack:direct:u1";

        Assert.Equal(new SubjectChoice("from-env", "SIGILUM_SUBJECT"), Resolve());
    }

    [Fact]
    public void Resolve_SessionHasAHint_UsesTheSessionsSubject()
    {
        File.WriteAllText(HintsFile, Hints);
        _env["OPENCLAW_SESSION_KEY"] = "agent:research:slack:direct:u1";

        Assert.Equal(new SubjectChoice("alice@example.com", "subject hints (session)"), Resolve());
    }

    [Fact]
    public void Resolve_NoSessionKey_UsesTheAgentsLatestHint()
    {
        File.WriteAllText(HintsFile, Hints);

        Assert.Equal(new SubjectChoice("+15550100", "subject hints (agent)"), Resolve());
    }

    [Fact]
    public void Resolve_SessionOfAnotherAgent_IsNotUsedForThisAgent()
    {
        File.WriteAllText(HintsFile, Hints);
        _env["OPENCLAW_SESSION_KEY"] = "agent:ops:main";

        Assert.Equal(new SubjectChoice("+15550100", "subject hints (agent)"), Resolve(agent: "research"));
    }

    [Fact]
    public void Resolve_NoHintForTheAgent_FallsBackToTheAgentId()
    {
        File.WriteAllText(HintsFile, Hints);

        Assert.Equal(new SubjectChoice("main", "agent id"), Resolve(agent: "main"));
        Assert.Empty(_warnings);
    }

    [Fact]
    public void Resolve_NoHintsFile_FallsBackToTheAgentIdSilently()
    {
        Assert.Equal(new SubjectChoice("research", "agent id"), Resolve());
        Assert.Empty(_warnings);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    public void Resolve_MalformedHints_WarnsAndFallsBackToTheAgentId(string contents)
    {
        File.WriteAllText(HintsFile, contents);

        Assert.Equal(new SubjectChoice("research", "agent id"), Resolve());
        Assert.Contains(HintsFile, Assert.Single(_warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_OversizedHints_AreNotReadAndWarned()
    {
        File.WriteAllText(HintsFile, Hints + new string(' ', SubjectResolution.MaxHintsBytes));

        Assert.Equal(new SubjectChoice("research", "agent id"), Resolve());
        Assert.Contains("larger than", Assert.Single(_warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_HintWithAControlCharacter_IsSkipped()
    {
        File.WriteAllText(HintsFile, """{"by_agent":{"research":{"subject":"x\r\nInjected: 1"}}}""");

        Assert.Equal(new SubjectChoice("research", "agent id"), Resolve());
    }

    [Fact]
    public void Resolve_OptionWithAControlCharacter_IsAnInputError()
    {
        var error = Assert.Throws<CliException>(() => Resolve("bob\nInjected: 1"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.EndsWith("(AGENT_INPUT_INVALID)", error.Message, StringComparison.Ordinal);
    }
}
