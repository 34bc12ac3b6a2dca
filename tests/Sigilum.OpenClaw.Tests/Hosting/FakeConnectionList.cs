using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// Answers <c>GET /api/admin/connections</c> on a free loopback port as the Sigilum gateway does for a loopback
/// reader (the only listing the hook uses), with a fixed status and body.
/// </summary>
internal sealed class FakeConnectionList : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private int _requests;

    public FakeConnectionList(int status, string body)
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = ServeAsync(status, Encoding.UTF8.GetBytes(body));
    }

    public string Url { get; }

    public int Requests => Volatile.Read(ref _requests);

    private async Task ServeAsync(int status, byte[] body)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception error) when (error is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            var found = context.Request.Url?.AbsolutePath == "/api/admin/connections" && context.Request.HttpMethod == "GET";
            context.Response.StatusCode = found ? status : 404;
            context.Response.ContentType = "application/json";
            var payload = found ? body : Encoding.UTF8.GetBytes("{\"code\":\"NOT_FOUND\"}");
            await context.Response.OutputStream.WriteAsync(payload);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }
}
