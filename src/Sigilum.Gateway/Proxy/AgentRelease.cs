using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// What an authorised agent request holds once its release is on record: the audit ticket and the resolved connection
/// with its credential. Owns the credential buffers: <see cref="Dispose"/> zeroes them (the prepared map and the resolution).
/// </summary>
internal sealed class AgentRelease(PreparedConnection prepared, ConnectionResolution resolution, AuditTicket ticket) : IDisposable
{
    public PreparedConnection Prepared { get; } = prepared;

    public ConnectionResolution Resolution { get; } = resolution;

    public AuditTicket Ticket { get; } = ticket;

    public void Dispose()
    {
        Resolution.Dispose();
        Prepared.Dispose();
    }
}
