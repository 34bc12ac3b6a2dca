using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// The relying party from configuration: <c>ControlPlane:Dashboard:PublicUrl</c> when set; otherwise the address the
/// control plane listens on, named <c>localhost</c> when it is a loopback or wildcard address (WebAuthn does not
/// accept an IP address as relying-party id, and browsers treat <c>http://localhost</c> as a secure context).
/// Never the request's Host header (ADR 0056).
/// </summary>
internal sealed class PasskeyRelyingPartySource(IOptions<ControlPlaneOptions> options, IServer server)
{
    private PasskeyRelyingParty? _fromListener;

    public PasskeyRelyingParty Current()
    {
        var publicUrl = options.Value.Dashboard.PublicUrl;
        if (!string.IsNullOrWhiteSpace(publicUrl))
        {
            return PasskeyRelyingParty.FromUrl(new Uri(publicUrl, UriKind.Absolute));
        }
        return _fromListener ??= FromListener();
    }

    private PasskeyRelyingParty FromListener()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Value.Urls;
        // Kestrel may report wildcard forms ("http://+:8787", "http://*:8787") that Uri does not parse.
        var parsed = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = parsed.Host.Trim('[', ']');
        if (host is "0.0.0.0" or "::" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip)))
        {
            parsed.Host = "localhost";
        }
        return PasskeyRelyingParty.FromUrl(parsed.Uri);
    }
}
