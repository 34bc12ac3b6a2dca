using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Service keys from a dictionary, counting look-ups.</summary>
internal sealed class FakeServiceKeys(IReadOnlyDictionary<string, string> keys) : IServiceKeyProvider
{
    public int Lookups { get; private set; }

    public string? Find(string connectionId)
    {
        Lookups++;
        return keys.TryGetValue(connectionId, out var key) ? key : null;
    }
}
