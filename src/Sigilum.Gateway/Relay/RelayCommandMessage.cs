namespace Sigilum.Gateway.Relay;

/// <summary>The data of one <c>event: command</c> on the relay stream.</summary>
internal sealed record RelayCommandMessage(string? RequestId, string? Method, string? Path, Dictionary<string, string>? Headers, string? Body);
