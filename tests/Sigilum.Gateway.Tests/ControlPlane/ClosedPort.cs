using System.Net;
using System.Net.Sockets;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>A loopback URL nothing listens on (a port that was just bound and released).</summary>
internal static class ClosedPort
{
    public static Uri Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
