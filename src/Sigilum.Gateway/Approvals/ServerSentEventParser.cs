using System.Text;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// Assembles Server-Sent Events from lines (the subset of the format the control plane writes:
/// <c>event</c>, <c>id</c>, <c>data</c>, <c>sig</c> fields and <c>:</c> comments). <c>sig</c> is ours (ADR 0024):
/// the control plane's signature of the event; the format tells other readers to ignore unknown fields. Comments
/// are surfaced as events without a name; they are unsigned, so they no longer prove liveness (signed
/// <c>keep-alive</c> events do).
/// </summary>
internal sealed class ServerSentEventParser
{
    private readonly StringBuilder _data = new();
    private string? _name;
    private string? _id;
    private string? _signature;
    private bool _hasData;

    /// <summary>Feeds one line; returns an event when the line completes one.</summary>
    public ServerSentEvent? Push(string line)
    {
        if (line.Length == 0)
        {
            return Dispatch();
        }
        if (line[0] == ':')
        {
            return new ServerSentEvent(null, null, line[1..].Trim());
        }
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? string.Empty : line[(colon + 1)..];
        if (value.StartsWith(' '))
        {
            value = value[1..];
        }
        switch (field)
        {
            case "event":
                _name = value;
                break;
            case "id":
                _id = value;
                break;
            case "sig":
                _signature = value;
                break;
            case "data":
                if (_hasData)
                {
                    _data.Append('\n');
                }
                _data.Append(value);
                _hasData = true;
                break;
            default:
                // Unknown fields are ignored, as the SSE format requires.
                break;
        }
        return null;
    }

    private ServerSentEvent? Dispatch()
    {
        ServerSentEvent? result = _hasData ? new ServerSentEvent(_name ?? "message", _id, _data.ToString(), _signature) : null;
        _data.Clear();
        _name = null;
        _id = null;
        _signature = null;
        _hasData = false;
        return result;
    }
}
