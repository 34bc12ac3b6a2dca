namespace Sigilum.Gateway.Connections;

/// <summary><c>POST /api/admin/connections/{id}/test</c>: every field optional (GET / by default).</summary>
internal sealed class TestConnectionRequest
{
    public string? Method { get; init; }

    public string? TestPath { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public string? Body { get; init; }
}
