namespace Sigilum.Gateway.Connections;

/// <summary>
/// <c>POST /api/admin/connections</c> (spec §3.7): the settable fields of <see cref="ConnectionRequestFields"/>, plus the
/// id and protocol, which only creation sets.
/// </summary>
internal sealed class CreateConnectionRequest : ConnectionRequestFields
{
    public string? Id { get; init; }

    public string? Protocol { get; init; }
}
