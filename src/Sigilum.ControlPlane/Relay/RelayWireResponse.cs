namespace Sigilum.ControlPlane.Relay;

/// <summary>The body of <c>POST /v1/gateway/relay/responses</c> (spec §4.10 step 3's response message).</summary>
internal sealed record RelayWireResponse(string? RequestId, int? Status, IReadOnlyDictionary<string, string>? Headers, string? Body, string? Error);
