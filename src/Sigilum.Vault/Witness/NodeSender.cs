using System.Globalization;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Vault.Witness;

/// <summary>
/// Sends requests to the control plane signed as the vault's registered node (the Sigilum RFC 9421 profile, with the node
/// key): what the witness reporter and the usage reporter share. Holds its own copy of the key inside the signing
/// identity; the caller keeps (and disposes) the key it passed.
/// </summary>
internal sealed class NodeSender : IDisposable
{
    private readonly SigningIdentity _identity;
    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;

    /// <param name="ns">The namespace the node is registered in (bound into its certificate).</param>
    /// <param name="nodeKey">The node key; copied, not taken.</param>
    /// <param name="handler">Transport to the control plane; disposed with the sender.</param>
    /// <param name="time">Clock for signatures.</param>
    public NodeSender(string ns, Ed25519KeyPair nodeKey, HttpMessageHandler handler, TimeProvider time)
    {
        _time = time;
        var now = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // SigningIdentity takes ownership of its key pair: give it a copy.
        var seed = nodeKey.ExportSeed();
        try
        {
            var signingKey = Ed25519KeyPair.FromSeed(seed);
            _identity = SigningIdentity.Create(signingKey, AgentCertificate.Issue(signingKey, ns, now));
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
        _http = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    /// <summary>The node's public key, <c>ed25519:…</c>.</summary>
    public string NodeKey => _identity.AgentKeyHeader;

    /// <summary>Signs <paramref name="request"/>, whose body is <paramref name="body"/>, and sends it.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var signed = RequestSigner.Sign(_identity, new SignRequest { Method = request.Method.Method, Url = request.RequestUri!.AbsoluteUri, Body = body }, _time);
        foreach (var header in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return _http.SendAsync(request, cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _identity.Dispose();
    }
}
