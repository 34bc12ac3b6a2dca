using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sigilum.Backends.Options;

/// <summary>
/// <c>ca_file=/path/ca.pem</c>: extra roots for a backend behind a private CA (a self-hosted Vault).
/// Validation is never switched off (reliability BKD-09): the chain must end at one of these roots (or
/// the system's) and the name must match.
/// </summary>
internal static class TrustedRoots
{
    public static X509Certificate2Collection? Read(OptionReader options)
    {
        var path = options.Optional("ca_file");
        if (path is null)
        {
            return null;
        }
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            options.Error("option 'ca_file' must name a readable PEM file of CA certificates.");
            return null;
        }
        if (roots.Count == 0)
        {
            options.Error("option 'ca_file' holds no certificate.");
            return null;
        }
        return roots;
    }
}
