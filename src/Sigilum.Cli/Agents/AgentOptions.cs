using System.CommandLine;
using System.Globalization;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Agents;

/// <summary>
/// The options every <c>sigilum agent</c> command takes, each with the environment variable OpenClaw's config sets
/// (docs/openclaw.md), and their resolution into <see cref="AgentSettings"/>. <c>sigilum mcp bridge</c> takes the same
/// ones without <c>--json</c> (its stdout is the MCP protocol's).
/// </summary>
internal sealed class AgentOptions(bool withJson = true)
{
    public const string DefaultGatewayUrl = "http://127.0.0.1:38100";
    public const int DefaultTimeoutSeconds = 20;
    public const int MaxTimeoutSeconds = 600;
    public const string TimeoutVariable = "SIGILUM_HTTP_TIMEOUT_SECONDS";

    private readonly Option<string?> _agent = new("--agent")
    {
        Description = "Agent whose key signs [default: $SIGILUM_AGENT_ID, $OPENCLAW_AGENT_ID, $OPENCLAW_AGENT, the session key's agent, main, default — the first with a key pair].",
        HelpName = "id",
    };

    private readonly Option<string?> _namespace = new("--namespace", "-n")
    {
        Description = "Namespace the agent acts in [default: $SIGILUM_NAMESPACE].",
        HelpName = "ns",
    };

    private readonly Option<string?> _gatewayUrl = new("--gateway-url")
    {
        Description = $"Gateway base URL [default: $SIGILUM_GATEWAY_URL, else {DefaultGatewayUrl}].",
        HelpName = "url",
    };

    private readonly Option<string?> _keyRoot = new("--key-root")
    {
        Description = "Folder of the per-agent key pairs [default: $SIGILUM_KEY_ROOT, else <OpenClaw state dir>/.sigilum/keys].",
        HelpName = "dir",
    };

    private readonly Option<string?> _subject = new("--subject")
    {
        Description = "Who triggered the action [default: $SIGILUM_SUBJECT, else the subject hints for this session or agent, else the agent id].",
        HelpName = "subject",
    };

    private readonly Option<int?> _timeout = new("--timeout")
    {
        Description = $"Give up after this many seconds [default: ${TimeoutVariable}, else {DefaultTimeoutSeconds}].",
        HelpName = "seconds",
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print one JSON object (status, body, approval fields) instead of the HTTP_STATUS= lines.",
    };

    /// <summary>The options in help order (with <c>--json</c> unless left out), for <see cref="CommandDeclaration.Define"/>.</summary>
    public IEnumerable<Symbol> Symbols => withJson
        ? [_agent, _namespace, _gatewayUrl, _keyRoot, _subject, _timeout, _json]
        : [_agent, _namespace, _gatewayUrl, _keyRoot, _subject, _timeout];

    public AgentSettings Resolve(ParseResult parseResult, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(context);
        var getVariable = context.Environment.GetVariable;
        var ns = ResolveNamespace(parseResult.GetValue(_namespace), getVariable);
        var gateway = ResolveGatewayUrl(parseResult.GetValue(_gatewayUrl), getVariable);
        var timeout = ResolveTimeout(parseResult.GetValue(_timeout), getVariable);
        var keyRootOption = parseResult.GetValue(_keyRoot);
        var keyRoot = OpenClawLocations.KeyRoot(keyRootOption is null ? null : context.ResolvePath(keyRootOption), getVariable);
        var agent = AgentSelection.Choose(keyRoot, parseResult.GetValue(_agent), getVariable);
        foreach (var skipped in agent.SkippedNamed)
        {
            // stderr only: stdout stays the gateway's answer, which the agent parses.
            context.Output.WriteWarning($"agent {skipped.AgentId} (from {skipped.Source}) has no key pair under {keyRoot}; signing as {agent.AgentId}.");
        }
        WarnIfKeyIsShared(context, keyRoot, agent.AgentId);
        var subject = SubjectResolution.Resolve(parseResult.GetValue(_subject), getVariable, OpenClawLocations.HintsFile(keyRoot), agent.AgentId, context.Output.WriteWarning);
        return new AgentSettings
        {
            Namespace = ns,
            GatewayUrl = gateway,
            KeyRoot = keyRoot,
            Agent = agent,
            Subject = subject,
            Timeout = timeout,
            Json = withJson && parseResult.GetValue(_json),
        };
    }

    public static string ResolveNamespace(string? option, Func<string, string?> getVariable)
    {
        var (value, source) = OpenClawLocations.NonEmpty(option) is { } given ? (given, "--namespace") : (OpenClawLocations.NonEmpty(getVariable("SIGILUM_NAMESPACE")), "SIGILUM_NAMESPACE");
        if (value is null)
        {
            throw new CliException(ExitCodes.Usage,
                $"No namespace: pass --namespace or set SIGILUM_NAMESPACE (the OpenClaw installer writes it into env.vars) ({ErrorCatalogue.AgentNamespaceMissing})");
        }
        return SigilumNamespace.TryNormalize(value, out var normalized)
            ? normalized
            : throw new CliException(ExitCodes.Usage,
                $"{source} '{Printable(value)}' is not a namespace: 3-64 characters of a-z, 0-9 and '-', starting and ending with a letter or digit ({IdentityErrorCodes.NamespaceInvalid})");
    }

    public static Uri ResolveGatewayUrl(string? option, Func<string, string?> getVariable)
    {
        var (text, source) = OpenClawLocations.NonEmpty(option) is { } given
            ? (given, "--gateway-url")
            : OpenClawLocations.NonEmpty(getVariable("SIGILUM_GATEWAY_URL")) is { } variable ? (variable, "SIGILUM_GATEWAY_URL") : (DefaultGatewayUrl, "default");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") ||
            url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new CliException(ExitCodes.Usage,
                $"{source} '{Printable(WithoutUserInfo(text))}' is not an http(s) URL without credentials, query or fragment ({ErrorCatalogue.AgentGatewayUrlInvalid})");
        }
        return new Uri(url.AbsoluteUri.TrimEnd('/'), UriKind.Absolute);
    }

    /// <summary>The URL text with anything between "://" and "@" (a user name, a password) cut out, for messages.</summary>
    private static string WithoutUserInfo(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return scheme >= 0 && at > scheme ? text[..(scheme + 3)] + "…@" + text[(at + 1)..] : text;
    }

    public static TimeSpan ResolveTimeout(int? option, Func<string, string?> getVariable)
    {
        int seconds;
        string source;
        if (option is { } given)
        {
            (seconds, source) = (given, "--timeout");
        }
        else if (OpenClawLocations.NonEmpty(getVariable(TimeoutVariable)) is { } text)
        {
            source = TimeoutVariable;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
            {
                seconds = 0;
            }
        }
        else
        {
            return TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        }
        if (seconds is < 1 or > MaxTimeoutSeconds)
        {
            throw new CliException(ExitCodes.Usage, $"{source} must be a whole number of seconds from 1 to {MaxTimeoutSeconds} ({ErrorCatalogue.AgentInputInvalid})");
        }
        return TimeSpan.FromSeconds(seconds);
    }

    public static string Printable(string value) => Signing.RequestLine.Printable(value);

    /// <summary>
    /// Warns (as commands reading an identity do) when the agent's key folder or private key file can be read by
    /// other users: another local user could then sign as this agent.
    /// </summary>
    private static void WarnIfKeyIsShared(CliContext context, string keyRoot, string agentId)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var folder = AgentKeyDirectory.AgentFolder(keyRoot, agentId);
        foreach (var path in new[] { folder }.Concat(Directory.EnumerateFiles(folder, "*.key")))
        {
            if ((File.GetUnixFileMode(path) & Others) != 0)
            {
                context.Output.WriteWarning($"{path} is accessible to other users; run: chmod {(Directory.Exists(path) ? "700" : "600")} {path}");
            }
        }
    }
}
