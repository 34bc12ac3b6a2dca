using System.CommandLine;

namespace Sigilum.Cli.Services;

/// <summary>
/// The options <c>service add</c> takes for an MCP connection (<c>--protocol mcp</c>, <c>--mcp-*</c>), and their reading:
/// MCP options without <c>--protocol mcp</c> are a usage error here rather than a 400 from the gateway.
/// </summary>
internal sealed class McpServiceOptions
{
    public const string Http = "http";
    public const string Mcp = "mcp";

    public Option<string?> Protocol { get; } = new("--protocol")
    {
        Description = "http (agents call /proxy/<id>/…) or mcp (an MCP server: agents list and call its tools through /mcp/<id>/…) [default: http].",
        HelpName = "protocol",
    };

    public Option<string?> Endpoint { get; } = new("--mcp-endpoint")
    {
        Description = "The MCP server's endpoint: a path under --base-url (e.g. /mcp) or an absolute URL [default: /].",
        HelpName = "path|url",
    };

    public Option<string?> Transport { get; } = new("--mcp-transport")
    {
        Description = "streamable_http or sse [default: streamable_http].",
        HelpName = "transport",
    };

    public Option<string[]> Allow { get; } = new("--mcp-allow")
    {
        Description = "Only these tools are exposed (comma-separated, repeatable) [default: every discovered tool].",
        HelpName = "tools",
    };

    public Option<string[]> Deny { get; } = new("--mcp-deny")
    {
        Description = "These tools are never exposed (comma-separated, repeatable).",
        HelpName = "tools",
    };

    public Option<int?> MaxTools { get; } = new("--mcp-max-tools")
    {
        Description = "Expose at most this many tools (the first by name after allow/deny; 0 = no limit).",
        HelpName = "n",
    };

    public McpServiceOptions()
    {
        Protocol.AcceptOnlyFromAmong(Http, Mcp);
        Transport.AcceptOnlyFromAmong("streamable_http", "sse");
    }

    /// <summary>The MCP options, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [Protocol, Endpoint, Transport, Allow, Deny, MaxTools];

    /// <summary>The protocol chosen: the flag, else the template's, else http.</summary>
    public string ProtocolOf(ParseResult parseResult, string? fromTemplate) => parseResult.GetValue(Protocol) ?? fromTemplate ?? Http;

    /// <summary>The MCP part of the connection, or null for an HTTP one (which must then have no --mcp-* option).</summary>
    public McpSpec? Read(ParseResult parseResult, string protocol)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var given = new Option[] { Endpoint, Transport, Allow, Deny, MaxTools }.Where(o => parseResult.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (protocol != Mcp)
        {
            return given.Count == 0 ? null : throw new CliException(ExitCodes.Usage, $"{string.Join(", ", given)} need --protocol mcp.");
        }
        var endpoint = parseResult.GetValue(Endpoint)?.Trim();
        if (endpoint is { Length: > 0 } && !endpoint.StartsWith('/') &&
            !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo)))
        {
            throw new CliException(ExitCodes.Usage, $"--mcp-endpoint must be a path starting with / or an absolute http(s) URL without credentials, not '{endpoint}'.");
        }
        return new McpSpec(
            string.IsNullOrEmpty(endpoint) ? null : endpoint,
            parseResult.GetValue(Transport),
            ToolNameList.Parse(parseResult.GetValue(Allow), Allow.Name) ?? [],
            ToolNameList.Parse(parseResult.GetValue(Deny), Deny.Name) ?? [],
            ToolNameList.Limit(parseResult.GetValue(MaxTools), MaxTools.Name));
    }
}
