namespace Sigilum.ControlPlane.Signing;

/// <summary>
/// <c>GET /v1/control-plane/key</c>: the control-plane public key and its fingerprint (ADR 0024). Public: it is what
/// an operator compares with the pin a gateway or vault shows (<c>sigilum gateway status</c>), and what the CLI pins
/// when it registers a gateway with the owner's sign-in. Pinning from this answer trusts the address once (on first
/// use); after that the pin, not the address, decides.
/// </summary>
internal static class ControlPlaneKeyEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/v1/control-plane/key", (ControlPlaneSigner signer) =>
            Results.Ok(new { algorithm = "Ed25519", public_key = signer.PublicKey, fingerprint = signer.Fingerprint }));
}
