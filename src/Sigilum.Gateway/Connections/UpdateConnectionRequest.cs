namespace Sigilum.Gateway.Connections;

/// <summary><c>PATCH /api/admin/connections/{id}</c>: absent (or null) fields keep their value (spec §3.7); for the MCP
/// tool lists, max and subject policies an explicit <c>null</c> (or an empty list) clears. Id and protocol never change.</summary>
internal sealed class UpdateConnectionRequest : ConnectionRequestFields
{
}
