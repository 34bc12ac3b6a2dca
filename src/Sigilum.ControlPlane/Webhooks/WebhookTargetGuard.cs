using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// The SSRF guard for webhook URLs: the syntax rules at creation, and a resolve-and-classify step that
/// runs at creation and again before every delivery. The address it returns is the one the sender dials,
/// so a name that answers with a public address here and a private one a moment later (DNS rebinding)
/// never reaches the private one (reliability PRX-02).
/// </summary>
internal sealed class WebhookTargetGuard(IOptions<ControlPlaneOptions> options)
{
    public const int MaxUrlLength = 2048;
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An absolute http(s) URL without credentials or fragment; null and a reason otherwise.</summary>
    public static Uri? Parse(string? url, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            error = $"url must be an absolute http or https URL of at most {MaxUrlLength} characters.";
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            error = "url must use http or https.";
            return null;
        }
        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Fragment) || string.IsNullOrEmpty(uri.Host))
        {
            error = "url must have a host and no user:password@ or #fragment.";
            return null;
        }
        return uri;
    }

    /// <summary>Resolves the URL's host once and returns an allowed address to dial, or why there is none.</summary>
    public async Task<TargetCheck> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var allowPrivate = options.Value.Webhooks.AllowPrivateTargets;
        IPAddress[] addresses;
        // System.Uri has already turned IPv4 spellings like 0x7f.1, 2130706433 or 0177.0.0.1 into
        // dotted decimal, so a literal is classified in canonical form (PRX-03).
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.DnsSafeHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(ResolveTimeout);
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or ArgumentException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return TargetCheck.Fail(TargetCheck.Unresolvable);
            }
        }
        if (addresses.Length == 0)
        {
            return TargetCheck.Fail(TargetCheck.Unresolvable);
        }
        // Every answer must pass: a name that mixes public and private answers is a rebinding setup.
        return addresses.All(a => AddressPolicy.IsAllowed(a, allowPrivate)) ? TargetCheck.Allowed(addresses[0]) : TargetCheck.Fail(TargetCheck.NotAllowed);
    }
}
