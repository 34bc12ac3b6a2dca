namespace Sigilum.Gateway.Operations;

/// <summary>
/// Endpoint metadata: a GET/HEAD admin route a loopback client may read without the admin token (metrics, the
/// connection list and one connection; none holds secret material). Any other method on it stays an operator call.
/// </summary>
internal sealed class LoopbackReadable
{
    public static readonly LoopbackReadable Instance = new();

    private LoopbackReadable()
    {
    }
}
