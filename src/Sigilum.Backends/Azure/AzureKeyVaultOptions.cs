using Sigilum.Backends.Options;

namespace Sigilum.Backends.Azure;

/// <summary>The <c>azure-key-vault</c> options (docs/backends.md).</summary>
internal sealed record AzureKeyVaultOptions
{
    public static readonly Uri DefaultAuthority = new("https://login.microsoftonline.com/");
    public static readonly Uri DefaultImds = new("http://169.254.169.254/metadata/identity/oauth2/token");

    public required Uri VaultUrl { get; init; }

    /// <summary><c>client_secret</c> or <c>managed_identity</c>.</summary>
    public required string Auth { get; init; }

    public string? TenantId { get; init; }

    public string? ClientId { get; init; }

    public SecretSource? ClientSecret { get; init; }

    public required Uri Authority { get; init; }

    public required Uri ImdsEndpoint { get; init; }

    public required string ApiVersion { get; init; }

    public TimeSpan? CacheTtl { get; init; }

    public TimeSpan Timeout { get; init; }

    public static AzureKeyVaultOptions? Parse(OptionReader options)
    {
        var vault = options.Url("vault_url", required: true, "the vault, e.g. https://myvault.vault.azure.net");
        var auth = options.OneOf("auth", "client_secret", "managed_identity");
        string? tenant = null, clientId;
        SecretSource? secret = null;
        if (auth == "client_secret")
        {
            tenant = options.Required("tenant_id", "the Entra ID tenant (directory) id");
            clientId = options.Required("client_id", "the application (client) id");
            secret = SecretSource.Read(options, "client_secret", required: true, "the application's client secret");
        }
        else
        {
            // Optional: selects a user-assigned identity; absent = the system-assigned one.
            clientId = options.Optional("client_id");
        }
        if (tenant is { Length: > 0 } && !IsSimpleId(tenant))
        {
            options.Error("option 'tenant_id' must be a tenant id (a GUID or domain name).");
        }
        if (clientId is { Length: > 0 } && !IsSimpleId(clientId))
        {
            options.Error("option 'client_id' must be an application id (a GUID).");
        }
        var authority = options.Url("authority", required: false, "the Entra ID authority", DefaultAuthority);
        // IMDS is plain http on a link-local address by design; it never leaves the host.
        var imds = options.Url("imds_endpoint", required: false, "the managed-identity token endpoint", DefaultImds, allowHttp: true);
        var apiVersion = options.Optional("api_version") ?? "7.4";
        if (!apiVersion.All(c => char.IsAsciiDigit(c) || c is '.' or '-' || char.IsAsciiLetterLower(c)))
        {
            options.Error("option 'api_version' must look like 7.4.");
        }
        var cacheTtl = options.Duration("cache_ttl", TimeSpan.Zero, TimeSpan.FromHours(24));
        var timeout = options.Duration("timeout", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5))!.Value;
        if (options.HasErrors || vault is null || authority is null || imds is null)
        {
            return null;
        }
        return new AzureKeyVaultOptions
        {
            VaultUrl = vault,
            Auth = auth,
            TenantId = tenant,
            ClientId = clientId,
            ClientSecret = secret,
            Authority = authority,
            ImdsEndpoint = imds,
            ApiVersion = apiVersion,
            CacheTtl = cacheTtl > TimeSpan.Zero ? cacheTtl : null,
            Timeout = timeout,
        };
    }

    private static bool IsSimpleId(string value) => value.Length <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');
}
