using System.Xml.Linq;
using Sigilum.CommandLine.Services;

namespace Sigilum.Cli.Update;

/// <summary>
/// <c>dotnet tool update</c> from one local folder and nothing else: a nuget.config that clears every other source, so an
/// update or a roll-back never needs (or silently uses) the network.
/// </summary>
internal static class DotnetTool
{
    public static async Task<ProgramResult> InstallAsync(ToolInstallation installation, string feedDirectory, string packageId, string version, string workDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(workDirectory);
        var config = Path.Combine(workDirectory, "nuget.config");
        new XDocument(new XElement("configuration",
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "sigilum-local"), new XAttribute("value", feedDirectory))))).Save(config);
        // `update` installs when the tool is missing; --allow-downgrade lets the same call roll back.
        List<string> arguments = ["tool", "update", packageId, .. installation.DotnetToolArguments, "--version", version, "--configfile", config, "--allow-downgrade"];
        // The SDK's dotnet from PATH: the runtime that runs this tool may have no SDK beside it.
        return await ChildProgram.RunAsync("dotnet", arguments, new Dictionary<string, string>(), cancellationToken);
    }
}
