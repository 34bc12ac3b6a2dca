using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Sigilum.Backends.Http;

/// <summary>
/// A backend's HTTP answer with its body in a pinned buffer that is zeroed on dispose (the body of a
/// successful fetch holds the secret). The body is never logged or put in an error.
/// </summary>
internal sealed class HttpAnswer : IDisposable
{
    private readonly byte[] _buffer;

    public HttpAnswer(HttpStatusCode status, HttpResponseHeaders headers, byte[] buffer, int length)
    {
        Status = status;
        Headers = headers;
        _buffer = buffer;
        Length = length;
    }

    public HttpStatusCode Status { get; }

    public HttpResponseHeaders Headers { get; }

    public int Length { get; }

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public ReadOnlySpan<byte> Body => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> BodyMemory => _buffer.AsMemory(0, Length);

    public void Dispose() => CryptographicOperations.ZeroMemory(_buffer);
}
