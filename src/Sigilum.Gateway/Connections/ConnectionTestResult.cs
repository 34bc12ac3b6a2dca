namespace Sigilum.Gateway.Connections;

/// <summary>
/// The answer of <c>POST /api/admin/connections/{id}/test</c>: <c>{status:"pass"|"fail", http_status, error}</c>.
/// <paramref name="Error"/> is composed by us (status line or transport category), never exception text,
/// so it cannot carry the secret or the upstream's body.
/// </summary>
internal sealed record ConnectionTestResult(string Status, int? HttpStatus, string? Error);
