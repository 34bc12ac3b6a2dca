using System.CommandLine;

namespace Sigilum.CommandLine.Services;

/// <summary>The options every <c>service</c> subcommand shares.</summary>
internal sealed class SystemServiceOptions(ServiceProfile profile)
{
    public Option<string?> User { get; } = new("--user") { Description = $"The system user the service runs as (created if missing) [default: {profile.DefaultUser}].", HelpName = "name" };

    public Option<string?> StateDirectory { get; } = new("--state-dir") { Description = $"The service's own home, mode 0700, owned by its user [default: {profile.DefaultStateDirectory}].", HelpName = "dir" };

    public Option<string?> UnitDirectory { get; } = new("--unit-dir") { Description = $"Write the unit here and stop: no systemctl (packaging, containers, tests) [default: /etc/systemd/system, then enable and start].", HelpName = "dir" };

    public Option<bool> Json { get; } = new("--json") { Description = "Print one JSON document to stdout (no colour, no markup) for scripts." };
}
