using Sigilum.Protocol.Intents;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>A checked <c>POST /v1/authorize</c> body: the HTTP intent and the optional signer metadata.</summary>
internal sealed record AuthorizeRequest(HttpIntent Intent, string? AgentId, string? Framework);
