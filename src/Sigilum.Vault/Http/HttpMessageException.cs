namespace Sigilum.Vault.Http;

/// <summary>
/// A message we refuse to parse or forward (bad framing, oversized head, smuggling shapes,
/// reliability PRX-08/09/19). Thrown by the parser deep inside a read; the connection handler turns
/// it into a 400 (agent side) or 502 (upstream side) and closes the connection.
/// </summary>
internal sealed class HttpMessageException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
