namespace Sigilum.ControlPlane.Relay;

/// <summary>The gateway's answer, or why there is none.</summary>
/// <param name="Status">The gateway admin API's HTTP status, or the relay failure's status.</param>
/// <param name="Body">The response body (JSON) or null.</param>
/// <param name="ErrorCode">
/// Null when the gateway's admin API answered; otherwise a <see cref="Sigilum.Protocol.Errors.ErrorCatalogue"/> code
/// (from this control plane, or from the gateway's relay dispatcher, e.g. <c>SEALED_SECRET_INVALID</c>).
/// </param>
public sealed record RelayResponse(int Status, string? Body, string? ErrorCode);
