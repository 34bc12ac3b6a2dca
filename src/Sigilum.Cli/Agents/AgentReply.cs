namespace Sigilum.Cli.Agents;

/// <summary>The gateway's answer as the helper reports it.</summary>
/// <param name="Url">The URL the request went to.</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Code">The gateway's <c>X-Sigilum-Code</c> header, if any.</param>
/// <param name="Body">The body as UTF-8 text.</param>
internal sealed record AgentReply(Uri Url, int Status, string? Code, string Body);
