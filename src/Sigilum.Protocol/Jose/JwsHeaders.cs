namespace Sigilum.Protocol.Jose;

/// <summary>Header member names with a fixed meaning in our EdDSA-only compact JWS profile.</summary>
internal static class JwsHeaders
{
    public const string Alg = "alg";
    public const string Kid = "kid";
    public const string Typ = "typ";

    /// <summary>
    /// Members a verifier refuses outright. Key-carrying or key-locating members (<c>jwk</c>,
    /// <c>jku</c>, <c>x5u</c>, <c>x5c</c>, <c>x5t</c>) would let the token choose its own key or make
    /// us fetch a URL (RFC 8725 §3.10, SSRF); <c>crit</c> names extensions we do not implement, which
    /// RFC 7515 §4.1.11 says must fail; <c>cty</c> marks nested tokens and <c>enc</c>/<c>zip</c>/
    /// <c>p2c</c>/<c>p2s</c> belong to JWE (RFC 8725 §2.7, the 2023 sign/encrypt confusion attacks).
    /// </summary>
    public static readonly string[] Forbidden =
        ["jku", "x5u", "jwk", "x5c", "x5t", "x5t#S256", "crit", "cty", "enc", "zip", "p2c", "p2s", "b64"];

    /// <summary>Members a signer sets itself and callers may not supply as extras.</summary>
    public static bool IsReserved(string name) =>
        name is Alg or Kid or Typ || Array.IndexOf(Forbidden, name) >= 0;
}
