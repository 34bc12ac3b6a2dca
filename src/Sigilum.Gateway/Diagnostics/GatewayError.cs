namespace Sigilum.Gateway.Diagnostics;

/// <summary>
/// An error the gateway answers with: HTTP status, Sigilum's stable code (null where Sigilum's gateway
/// sends none, e.g. connection validation) and a message safe to show an agent.
/// </summary>
internal sealed record GatewayError(int Status, string? Code, string Message)
{
    /// <summary>The error of a catalogued code with the catalogue's status (ADR 0048); the message defaults to its title.</summary>
    public static GatewayError Of(string code, string? message = null)
    {
        var entry = ErrorCatalogue.Entry(code);
        return new GatewayError(entry.HttpStatus, entry.Code, message ?? entry.Title);
    }
}
