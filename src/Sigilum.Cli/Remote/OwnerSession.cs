namespace Sigilum.Cli.Remote;

/// <summary>A signed-in owner: the stored token and a client for its control plane that carries it.</summary>
internal sealed class OwnerSession(ApiClient client, StoredToken token, string tokenFile) : IDisposable
{
    public ApiClient Client { get; } = client;

    public StoredToken Token { get; } = token;

    public string TokenFile { get; } = tokenFile;

    public string Namespace => Token.Namespace;

    /// <summary><c>/v1/namespaces/{ns}</c>, escaped.</summary>
    public string NamespacePath => "/v1/namespaces/" + ApiClient.Segment(Namespace);

    public void Dispose() => Client.Dispose();
}
