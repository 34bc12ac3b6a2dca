using System.CommandLine;

namespace Sigilum.Cli.OpenClaw;

/// <summary><c>sigilum openclaw …</c>: put Sigilum between OpenClaw's agents and their providers.</summary>
internal static class OpenClawCommand
{
    public static Option<string?> OpenClawHomeOption() => new("--openclaw-home")
    {
        Description = "OpenClaw state directory [default: $OPENCLAW_STATE_DIR, else ($OPENCLAW_HOME or $HOME)/.openclaw]; the config is $OPENCLAW_CONFIG_PATH, else <dir>/openclaw.json.",
        HelpName = "dir",
    };
}
