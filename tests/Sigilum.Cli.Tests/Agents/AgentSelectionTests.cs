using Sigilum.Sdk.Identity;
using Sigilum.Testing;

namespace Sigilum.Cli.Agents;

/// <summary>Which agent signs: the contract's order, the first candidate with a key pair, and the error when none has one.</summary>
public sealed class AgentSelectionTests : IDisposable
{
    private readonly TempDirectory _root = new("sigilum-agent-keys-");
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => _root.Dispose();

    private string? Get(string name) => _env.GetValueOrDefault(name);

    private void Keys(params string[] agents)
    {
        foreach (var agent in agents)
        {
            AgentKeyDirectory.Ensure(_root.Path, agent);
        }
    }

    private void SetAllHints()
    {
        _env["SIGILUM_AGENT_ID"] = "from-sigilum";
        _env["OPENCLAW_AGENT_ID"] = "from-openclaw-id";
        _env["OPENCLAW_AGENT"] = "from-openclaw";
        _env["OPENCLAW_SESSION_KEY"] = "agent:from-session:main";
    }

    [Fact]
    public void Candidates_EverySourceSet_AreInTheContractsOrder()
    {
        SetAllHints();

        var candidates = AgentSelection.Candidates("from-option", Get);

        Assert.Equal(["from-option", "from-sigilum", "from-openclaw-id", "from-openclaw", "from-session", "main", "default"], candidates.Select(c => c.AgentId));
        Assert.Equal(["--agent", "SIGILUM_AGENT_ID", "OPENCLAW_AGENT_ID", "OPENCLAW_AGENT", "OPENCLAW_SESSION_KEY", "fallback", "fallback"], candidates.Select(c => c.Source));
    }

    [Theory]
    [InlineData("from-option", "--agent")]
    [InlineData("from-sigilum", "SIGILUM_AGENT_ID")]
    [InlineData("from-openclaw-id", "OPENCLAW_AGENT_ID")]
    [InlineData("from-openclaw", "OPENCLAW_AGENT")]
    [InlineData("from-session", "OPENCLAW_SESSION_KEY")]
    [InlineData("main", "fallback")]
    [InlineData("default", "fallback")]
    public void Choose_OnlyOneCandidateHasAKey_ThatOneSigns(string agent, string source)
    {
        SetAllHints();
        Keys(agent);

        var choice = AgentSelection.Choose(_root.Path, "from-option", Get);

        Assert.Equal(agent, choice.AgentId);
        Assert.Equal(source, choice.Source);
    }

    [Fact]
    public void Choose_SeveralCandidatesHaveKeys_TheEarliestWins()
    {
        SetAllHints();
        Keys("main", "from-openclaw", "from-openclaw-id");

        var choice = AgentSelection.Choose(_root.Path, null, Get);

        Assert.Equal("from-openclaw-id", choice.AgentId);
        Assert.Equal([new AgentCandidate("from-sigilum", "SIGILUM_AGENT_ID")], choice.SkippedNamed);
    }

    [Fact]
    public void Choose_NamedAgentsWithoutKeys_AreReportedAsSkippedButNotTheFallbacks()
    {
        _env["OPENCLAW_AGENT_ID"] = "ghost";
        Keys("default");

        var choice = AgentSelection.Choose(_root.Path, null, Get);

        Assert.Equal("default", choice.AgentId);
        Assert.Equal(["ghost"], choice.SkippedNamed.Select(c => c.AgentId));
    }

    [Theory]
    [InlineData("SIGILUM_SESSION_KEY")]
    [InlineData("OPENCLAW_SESSION_KEY")]
    [InlineData("SESSION_KEY")]
    public void Choose_SessionKeyVariable_NamesTheAgent(string variable)
    {
        _env[variable] = "agent:research:telegram:direct:42";
        Keys("research", "main");

        Assert.Equal("research", AgentSelection.Choose(_root.Path, null, Get).AgentId);
    }

    [Fact]
    public void Candidates_SessionKeyVariables_TheFirstSetOneCounts()
    {
        _env["SIGILUM_SESSION_KEY"] = "agent:first:main";
        _env["SESSION_KEY"] = "agent:third:main";

        var fromSession = AgentSelection.Candidates(null, Get).Where(c => c.Source.EndsWith("SESSION_KEY", StringComparison.Ordinal)).ToList();

        Assert.Equal([new AgentCandidate("first", "SIGILUM_SESSION_KEY")], fromSession);
    }

    [Theory]
    [InlineData("agent:research:main", "research")]
    [InlineData("agent:research", "research")]
    [InlineData("agent: research :x", "research")]
    [InlineData("agent::main", null)]
    [InlineData("main", null)]
    [InlineData("session:research:main", null)]
    [InlineData("", null)]
    public void AgentOfSessionKey_OnlyTheAgentForm_NamesAnAgent(string sessionKey, string? expected) =>
        Assert.Equal(expected, OpenClawLocations.AgentOfSessionKey(sessionKey));

    [Fact]
    public void Candidates_IdsThatNameAPath_AreSanitisedAndDeduplicated()
    {
        _env["SIGILUM_AGENT_ID"] = "../evil";
        _env["OPENCLAW_AGENT_ID"] = "main";

        var candidates = AgentSelection.Candidates("  ", Get);

        Assert.Equal([".._evil", "main", "default"], candidates.Select(c => c.AgentId));
    }

    [Fact]
    public void Choose_NoCandidateHasAKey_FailsNotFoundNamingEveryCandidateAndTheRoot()
    {
        _env["OPENCLAW_AGENT_ID"] = "research";
        Keys("someone-else");

        var error = Assert.Throws<CliException>(() => AgentSelection.Choose(_root.Path, null, Get));

        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
        Assert.EndsWith("(AGENT_KEY_NOT_FOUND)", error.Message, StringComparison.Ordinal);
        Assert.Contains("research, main, default", error.Message, StringComparison.Ordinal);
        Assert.Contains(_root.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_KeyWithoutItsPublicHalf_DoesNotCount()
    {
        var key = AgentKeyDirectory.Ensure(_root.Path, "main");
        File.Delete(Path.Combine(key.Folder, key.Fingerprint + ".pub"));
        Keys("default");

        Assert.Equal("default", AgentSelection.Choose(_root.Path, null, Get).AgentId);
    }

    [Fact]
    public void KeyRoot_OptionThenVariableThenStateDirectory()
    {
        _env["HOME"] = "/home/u";
        Assert.Equal(Path.Combine("/home/u", ".openclaw", ".sigilum", "keys"), OpenClawLocations.KeyRoot(null, Get));
        _env["OPENCLAW_HOME"] = "/srv/oc-user";
        Assert.Equal(Path.Combine("/srv/oc-user", ".openclaw", ".sigilum", "keys"), OpenClawLocations.KeyRoot(null, Get));
        _env["OPENCLAW_STATE_DIR"] = "/var/lib/openclaw";
        Assert.Equal(Path.Combine("/var/lib/openclaw", ".sigilum", "keys"), OpenClawLocations.KeyRoot(null, Get));
        _env["SIGILUM_KEY_ROOT"] = "/keys";
        Assert.Equal("/keys", OpenClawLocations.KeyRoot(null, Get));
        Assert.Equal("/opt/keys", OpenClawLocations.KeyRoot("/opt/keys", Get));
    }

    [Fact]
    public void HintsFile_SitsBesideTheKeyRoot() =>
        Assert.Equal(Path.Combine("/var/lib/openclaw", ".sigilum", "subject-hints.json"), OpenClawLocations.HintsFile("/var/lib/openclaw/.sigilum/keys/"));
}
