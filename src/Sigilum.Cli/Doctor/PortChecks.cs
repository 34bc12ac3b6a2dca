using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Doctor;

/// <summary>Is a default port free, or held by the server this home runs? Anything else there would make <c>sigilum up</c> fail.</summary>
internal static class PortChecks
{
    /// <summary><paramref name="kind"/>'s <paramref name="port"/>; <paramref name="portOption"/> (the option that moves that server elsewhere) is named in the fix.</summary>
    public static DoctorCheck Check(SigilumPaths paths, ServerKind kind, int port, string portOption = "--port")
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(kind);
        var label = $"port {port.ToString(CultureInfo.InvariantCulture)} ({kind.DisplayName})";
        if (RunState.ReadLive(paths, kind) is { } state && Uri.TryCreate(state.Url, UriKind.Absolute, out var url) && url.Port == port)
        {
            return new(DoctorCheck.Ok, label, $"used by this home's {kind.DisplayName} (pid {state.Pid}).");
        }
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return new(DoctorCheck.Ok, label, "free.");
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AccessDenied)
        {
            return new(DoctorCheck.Info, label, "not checked: a privileged port this user cannot bind.");
        }
        catch (SocketException)
        {
            return new(DoctorCheck.Warn, label, $"in use by another process, so this home's {kind.DisplayName} cannot listen there.",
                $"stop that process (ss -ltnp 'sport = :{port}') or start on another port ({portOption})");
        }
    }
}
