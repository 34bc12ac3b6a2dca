using System.CommandLine;
using System.Globalization;
using Sigilum.CommandLine.Services;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// <c>sigilum gateway service install|uninstall|status</c> (issue 12 item 2): the gateway as the system user
/// <c>sigilum-gateway</c> with its home in <c>/var/lib/sigilum-gateway</c>, run by systemd with <c>gateway start</c>
/// in the foreground. The shared implementation is <see cref="SystemServiceCommand"/>; this is what is the gateway's.
/// </summary>
internal static class GatewayServiceCommand
{
    public const string UnitName = "sigilum-gateway";

    public static ServiceProfile Profile(Option<string?>? ns = null, Option<string?>? apiUrl = null, Option<int?>? port = null) => new(UnitName, "gateway", "Sigilum gateway (signed, approved, credential-injecting proxy for AI agents)",
        "sigilum gateway service", typeof(GatewayServiceCommand).Assembly.Location)
    {
        InstallOptions = [.. new Option?[] { ns, apiUrl, port }.OfType<Option>()],
        StartArguments = (parseResult, stateDirectory) => StartArguments(parseResult, stateDirectory, ns, apiUrl, port),
        // `gateway start` needs its namespace: from --namespace, else from a pairing already saved in the state directory.
        Check = (parseResult, stateDirectory) => ns is not null && parseResult.GetValue(ns) is null
            && !File.Exists(Path.Combine(stateDirectory, "gateway", "connection.json"))
                ? $"Which namespace will the gateway serve? Pass --namespace (and --api-url for a control plane elsewhere); a gateway paired earlier with " +
                  $"`gateway connect --home {stateDirectory}` needs neither."
                : null,
        NextSteps = installation =>
        [
            $"Pair it with your control plane as the service user (the code comes from `sigilum gateway pairing start` or the dashboard): " +
            $"sudo -u {installation.User} {Self()} gateway connect --home {installation.StateDirectory} --session-id … --pair-code … --namespace <ns> --api-url <url> --no-start, " +
            $"then: sudo systemctl restart {UnitName}",
            $"Admin commands need the gateway's admin token, which only {installation.User} can read: run them as that user with --home {installation.StateDirectory}, " +
            "or pass GATEWAY_ADMIN_TOKEN. Check the agent's user cannot read the gateway's keys: sigilum doctor",
        ],
    };

    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace the gateway serves [default: from its pairing (gateway connect)].", HelpName = "namespace" };
        var apiUrl = new Option<string?>("--api-url") { Description = "The control plane the gateway follows [default: from its pairing].", HelpName = "url" };
        var port = new Option<int?>("--port", "-p") { Description = $"Port on 127.0.0.1 [default: {GatewaySettings.DefaultPort}].", HelpName = "port" };
        return SystemServiceCommand.Create(Profile(ns, apiUrl, port), context.Environment.Services, context.Output);
    }

    private static List<string> StartArguments(ParseResult parseResult, string stateDirectory, Option<string?>? ns, Option<string?>? apiUrl, Option<int?>? port)
    {
        // The home is the state directory; namespace and control plane come from the pairing saved there unless given.
        List<string> arguments = ["gateway", "start", "--home", stateDirectory];
        if (ns is not null && parseResult.GetValue(ns) is { } name)
        {
            arguments.AddRange(["--namespace", Sigilum.Protocol.Identity.SigilumNamespace.TryNormalize(name, out var normalized)
                ? normalized
                : throw new CliException(ExitCodes.Usage, $"'{name}' is not a valid namespace.")]);
        }
        if (apiUrl is not null && parseResult.GetValue(apiUrl) is { } url)
        {
            arguments.AddRange(["--api-url", Remote.ApiUrl.Display(Remote.ApiUrl.Parse(url))]);
        }
        if (port is not null && parseResult.GetValue(port) is { } number)
        {
            if (number is < 1 or > 65535)
            {
                throw new CliException(ExitCodes.Usage, $"The port must be 1-65535, not {number}.");
            }
            arguments.AddRange(["--port", number.ToString(CultureInfo.InvariantCulture)]);
        }
        return arguments;
    }

    /// <summary>This command line as the service runs it, for the next-step hints.</summary>
    private static string Self()
    {
        var entry = ServiceEntryPoint.Current("sigilum", typeof(GatewayServiceCommand).Assembly.Location);
        return SystemdUnit.CommandLine(new[] { entry.Program }.Concat(entry.PrefixArguments));
    }
}
