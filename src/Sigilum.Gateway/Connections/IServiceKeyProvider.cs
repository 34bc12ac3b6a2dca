namespace Sigilum.Gateway.Connections;

/// <summary>
/// The control-plane service API key for a connection (spec §3.5): the gateway presents it when it
/// files a pending claim or reports usage for that service. Returns null when none is configured.
/// </summary>
internal interface IServiceKeyProvider
{
    string? Find(string connectionId);
}
