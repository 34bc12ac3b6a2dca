namespace Sigilum.ControlPlane.Relay;

/// <summary>The data of one <c>event: command</c> on the relay stream (spec §4.10 step 3's command message).</summary>
internal sealed record RelayWireCommand(string RequestId, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string? Body);
