namespace Sigilum.Vault.Cli.Proxy;

/// <summary>
/// The variables `sigil-vault run` gives its child so common runtimes send HTTPS through the vault
/// with the agent token and trust the vault CA: curl, OpenSSL, Python requests, Node (issue 6 item 1).
/// NO_PROXY is emptied so no host bypasses the gate by accident.
/// </summary>
internal static class RunEnvironment
{
    // Both spellings: curl and Python read the lower-case ones, Go and Node the upper-case ones.
    private static readonly string[] ProxyVariables = ["HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"];
    private static readonly string[] NoProxyVariables = ["NO_PROXY", "no_proxy"];

    // Where OpenSSL, curl, Python requests and Node look for extra trusted CAs.
    private static readonly string[] CaVariables = ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS"];

    public static Dictionary<string, string> Build(string token, int port, string caPath)
    {
        var proxy = $"http://agent:{Uri.EscapeDataString(token)}@127.0.0.1:{port}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["NODE_USE_ENV_PROXY"] = "1" };
        foreach (var (names, value) in new[] { (ProxyVariables, proxy), (NoProxyVariables, string.Empty), (CaVariables, caPath) })
        {
            foreach (var name in names)
            {
                environment[name] = value;
            }
        }
        return environment;
    }
}
