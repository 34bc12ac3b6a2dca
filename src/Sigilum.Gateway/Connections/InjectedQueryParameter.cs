namespace Sigilum.Gateway.Connections;

/// <summary>
/// The credential as a query parameter (<c>query_param</c> mode). <paramref name="Value"/> is the raw,
/// unencoded bytes (prefix + secret); the caller percent-encodes it into the upstream query and zeroes it.
/// </summary>
internal sealed record InjectedQueryParameter(string Name, byte[] Value);
