namespace Sigilum.EndToEnd.Agents;

/// <summary>The agent loop with the helper run as `sigilum agent …`, the command the skill's wrapper executes.</summary>
public sealed class SigilumAgentCommandLoopTests : AgentHelperLoop
{
    private protected override Task<SigilumProcess.Run> RunHelperAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Sigilum.RunWithEnvironmentAsync(environment, ["agent", .. args]);
}
