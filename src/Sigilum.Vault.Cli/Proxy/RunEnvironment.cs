namespace Sigilum.Vault.Cli.Proxy;

/// <summary>
/// The variables `sigil-vault run` gives its child so common runtimes send HTTPS through the vault
/// with the agent token and trust the vault CA: curl, OpenSSL, Python requests, Node (issue 6 item 1).
/// NO_PROXY is emptied so no host bypasses the gate by accident.
/// </summary>
internal static class RunEnvironment
{
    public static Dictionary<string, string> Build(string token, int port, string caPath)
    {
        var proxy = $"http://agent:{Uri.EscapeDataString(token)}@127.0.0.1:{port}";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HTTPS_PROXY"] = proxy,
            ["HTTP_PROXY"] = proxy,
            ["https_proxy"] = proxy,
            ["http_proxy"] = proxy,
            ["NO_PROXY"] = string.Empty,
            ["no_proxy"] = string.Empty,
            ["SSL_CERT_FILE"] = caPath,
            ["REQUESTS_CA_BUNDLE"] = caPath,
            ["CURL_CA_BUNDLE"] = caPath,
            ["NODE_EXTRA_CA_CERTS"] = caPath,
            ["NODE_USE_ENV_PROXY"] = "1",
        };
    }
}
