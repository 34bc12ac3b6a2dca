using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Sigilum.Vault.Release;

/// <summary>
/// Dials the address the egress check approved (never the name again) and, for https, runs TLS with
/// full certificate validation against the system store plus the operator's <c>--upstream-ca</c>
/// (reliability PRX-15: no skipping, no fallback to plain HTTP). A name mismatch is never forgiven.
/// Connections are kept and reused by <see cref="UpstreamPool"/>; when it has to open another one, TLS
/// resumption (a session ticket from the same upstream name) spares the full handshake.
/// </summary>
internal sealed class UpstreamConnector(X509Certificate2Collection extraRoots)
{
    public async Task<UpstreamConnection> ConnectAsync(UpstreamKey key, CancellationToken cancellationToken)
    {
        var endpoint = key.Address;
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // The checked address, never the name again (PRX-02: no DNS rebinding between check and connect).
            await socket.ConnectAsync(endpoint, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var network = new NetworkStream(socket, ownsSocket: true);
        if (!key.IsTls)
        {
            return new UpstreamConnection(key, socket, network);
        }
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = key.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                AllowTlsResume = true,
                RemoteCertificateValidationCallback = Validate,
            }, cancellationToken);
            return new UpstreamConnection(key, socket, ssl);
        }
        catch
        {
            await ssl.DisposeAsync();
            throw;
        }
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        // Only an untrusted root may be rescued, and only by an operator-supplied CA.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || extraRoots.Count == 0 || certificate is null)
        {
            return false;
        }
        using var leaf = new X509Certificate2(certificate);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements.Skip(1))
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return custom.Build(leaf);
    }
}
