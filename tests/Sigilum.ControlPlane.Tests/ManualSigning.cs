using System.Net.Http.Headers;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane;

/// <summary>Builds signed requests by hand, so tests can set <c>created</c>, reuse nonces or tamper afterwards.</summary>
public static class ManualSigning
{
    public static HttpRequestMessage Build(ControlPlaneFixture cp, SigningIdentity identity, HttpMethod method, string path, byte[]? body = null, long? created = null, string? nonce = null, string? bearer = null) =>
        Build(cp.Host.BaseUrl, TimeProvider.System, identity, method, path, body, created, nonce, bearer);

    /// <summary>The same against any control plane, signed at <paramref name="time"/>'s now unless <paramref name="created"/> is given.</summary>
    public static HttpRequestMessage Build(string baseUrl, TimeProvider time, SigningIdentity identity, HttpMethod method, string path, byte[]? body = null, long? created = null, string? nonce = null, string? bearer = null)
    {
        var url = baseUrl + "/" + path.TrimStart('/');
        var signed = RequestSigner.Sign(identity, new SignRequest { Method = method.Method, Url = url, Body = body ?? [] }, time,
            new SignOptions { Created = created, Nonce = nonce });
        var request = new HttpRequestMessage(method, url);
        if (body is { Length: > 0 })
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return request;
    }
}
