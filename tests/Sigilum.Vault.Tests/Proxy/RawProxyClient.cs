using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Sigilum.Vault.Proxy;

/// <summary>A hand-driven client for cases a well-behaved HttpClient never produces (wrong SNI, wrong Host, smuggling shapes).</summary>
internal sealed class RawProxyClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;

    private RawProxyClient(TcpClient tcp)
    {
        _tcp = tcp;
        Stream = tcp.GetStream();
    }

    public Stream Stream { get; private set; }

    public static async Task<RawProxyClient> OpenAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new RawProxyClient(tcp);
    }

    public static string Basic(string token) => "Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("agent:" + token)) + "\r\n";

    /// <summary>Sends CONNECT and returns the proxy's response head (status line first).</summary>
    public async Task<string> ConnectAsync(string authority, string? token)
    {
        var auth = token is null ? string.Empty : Basic(token);
        await Stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n{auth}\r\n"));
        return await ReadHeadAsync();
    }

    public async Task StartTlsAsync(string sni, VaultHarness harness, List<SslApplicationProtocol>? alpn = null)
    {
        var tls = new SslStream(Stream, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = sni,
            ApplicationProtocols = alpn,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => harness.TrustsVaultCa(certificate, errors),
        });
        Stream = tls;
    }

    public async Task SendAsync(string text) => await Stream.WriteAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads until the connection closes (every refusal closes it).</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var buffer = new MemoryStream();
        try
        {
            await Stream.CopyToAsync(buffer);
        }
        catch (IOException)
        {
        }
        return Encoding.Latin1.GetString(buffer.ToArray());
    }

    private async Task<string> ReadHeadAsync()
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 64 * 1024)
        {
            if (await Stream.ReadAsync(one) == 0)
            {
                break;
            }
            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
            {
                break;
            }
        }
        return Encoding.Latin1.GetString([.. bytes]);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }
}
