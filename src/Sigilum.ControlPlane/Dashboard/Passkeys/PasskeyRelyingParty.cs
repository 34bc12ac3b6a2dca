using Fido2NetLib;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// Who the passkeys are for: the WebAuthn relying-party id (a host name) and the one origin whose pages may use them.
/// Both come from configuration, never from a request's Host header, so a page served under another name cannot
/// have its assertions accepted.
/// </summary>
/// <param name="Origin">e.g. <c>https://sigilum.example.com</c> or <c>http://localhost:8787</c>.</param>
/// <param name="RpId">The host of <paramref name="Origin"/>.</param>
public sealed record PasskeyRelyingParty(string Origin, string RpId)
{
    public const string Name = "Sigilum";

    /// <summary>The relying party for <paramref name="url"/>: its origin (default port left out) and host.</summary>
    public static PasskeyRelyingParty FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var origin = url.IsDefaultPort ? $"{url.Scheme}://{url.IdnHost}" : $"{url.Scheme}://{url.IdnHost}:{url.Port}";
        return new PasskeyRelyingParty(origin, url.IdnHost);
    }

    internal Fido2Configuration Configuration(TimeSpan timeout) => new()
    {
        RPID = RpId,
        RPName = Name,
        Origins = new HashSet<string>(StringComparer.Ordinal) { Origin },
        Timeout = (uint)timeout.TotalMilliseconds,
    };
}
