using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Spectre.Console;

namespace Sigilum.Cli.Diagnostics;

/// <summary><c>sigilum versions</c>: what is running, for bug reports.</summary>
internal static class VersionsCommand
{
    public static Command Create(CliContext context)
    {
        var json = CommonOptions.Json();
        var command = new Command("versions",
            "Show the CLI version, the signing profile, the .NET runtime and the Ed25519 implementation in use.")
        {
            json,
        };
        context.Examples.Add(command, "sigilum versions", "sigilum versions --json");
        command.SetAction(parseResult => Run(context, parseResult.GetValue(json)));
        return command;
    }

    public static string CliVersion =>
        typeof(VersionsCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionsCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    private static int Run(CliContext context, bool json)
    {
        var rows = new (string Key, string Label, string Value)[]
        {
            ("cli", "sigilum CLI", CliVersion),
            ("protocolProfile", "signing profile", SigilumHeaders.Profile),
            ("dotnet", ".NET runtime", RuntimeInformation.FrameworkDescription),
            ("ed25519", "Ed25519", Ed25519.Implementation),
            ("os", "OS", RuntimeInformation.OSDescription + " " + RuntimeInformation.OSArchitecture),
        };
        if (json)
        {
            var document = new JsonObject { ["command"] = "versions" };
            foreach (var (key, _, value) in rows)
            {
                document[key] = value;
            }
            context.Output.WriteJson(document);
            return ExitCodes.Ok;
        }
        var table = new Table().AddColumns("Component", "Version");
        foreach (var (_, label, value) in rows)
        {
            table.AddRow(new Text(label), new Text(value));
        }
        context.Output.Console.Write(table);
        return ExitCodes.Ok;
    }
}
