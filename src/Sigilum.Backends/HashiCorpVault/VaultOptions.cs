using Sigilum.Backends.Options;

namespace Sigilum.Backends.HashiCorpVault;

/// <summary>The <c>hashicorp-vault</c> options (docs/backends.md lists them with an example).</summary>
internal sealed record VaultOptions
{
    public const string DefaultKubernetesJwtFile = "/var/run/secrets/kubernetes.io/serviceaccount/token";

    public required Uri Address { get; init; }

    /// <summary><c>token</c>, <c>approle</c>, <c>kubernetes</c> or <c>jwt</c>.</summary>
    public required string AuthMethod { get; init; }

    /// <summary>Where the login endpoint is mounted (<c>auth/&lt;mount&gt;/login</c>).</summary>
    public required string AuthMount { get; init; }

    public SecretSource? Token { get; init; }

    public string? RoleId { get; init; }

    public SecretSource? SecretId { get; init; }

    /// <summary>The Kubernetes/JWT auth role.</summary>
    public string? Role { get; init; }

    public SecretSource? Jwt { get; init; }

    /// <summary>Vault Enterprise namespace, sent as <c>X-Vault-Namespace</c>.</summary>
    public string? Namespace { get; init; }

    public bool RevokeAfterUse { get; init; }

    /// <summary>How long a KV value may be reused; null = fetched every time. Dynamic secrets use their lease.</summary>
    public TimeSpan? CacheTtl { get; init; }

    public TimeSpan Timeout { get; init; }

    /// <summary>Extra CA roots from <c>ca_file</c> (a Vault behind a private CA).</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2Collection? TrustedRoots { get; init; }

    public static VaultOptions? Parse(OptionReader options)
    {
        var address = options.Url("vault_addr", required: true, "the Vault server, e.g. https://vault.example.com:8200");
        var method = options.OneOf("auth_method", "token", "approle", "kubernetes", "jwt");
        var mount = options.Optional("auth_mount") ?? method;
        if (!VaultReference.IsSafePath(mount))
        {
            options.Error("option 'auth_mount' must be a path such as 'approle' or 'team/kubernetes'.");
        }
        SecretSource? token = null, secretId = null, jwt = null;
        string? roleId = null, role = null;
        switch (method)
        {
            case "token":
                token = SecretSource.Read(options, "token", required: true, "the Vault token");
                break;
            case "approle":
                roleId = options.Required("role_id", "the AppRole role_id");
                secretId = SecretSource.Read(options, "secret_id", required: true, "the AppRole secret_id");
                break;
            case "kubernetes":
                role = options.Required("role", "the Vault role bound to this service account");
                jwt = SecretSource.Read(options, "jwt", required: false, "the service-account token") ?? SecretSource.FromFile("jwt", DefaultKubernetesJwtFile);
                break;
            default:
                role = options.Required("role", "the Vault JWT role");
                jwt = SecretSource.Read(options, "jwt", required: true, "the JWT presented to Vault");
                break;
        }
        var ns = options.Optional("namespace");
        if (ns is not null && !VaultReference.IsSafePath(ns))
        {
            options.Error("option 'namespace' must be a namespace path such as 'team-a' or 'org/team-a'.");
        }
        var revoke = options.Bool("revoke_after_use");
        var cacheTtl = options.Duration("cache_ttl", TimeSpan.Zero, TimeSpan.FromHours(24));
        var timeout = options.Duration("timeout", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5))!.Value;
        var roots = Options.TrustedRoots.Read(options);
        if (address is null || options.HasErrors)
        {
            return null;
        }
        return new VaultOptions
        {
            Address = address,
            AuthMethod = method,
            AuthMount = mount,
            Token = token,
            RoleId = roleId,
            SecretId = secretId,
            Role = role,
            Jwt = jwt,
            Namespace = ns,
            RevokeAfterUse = revoke,
            CacheTtl = cacheTtl is { } ttl && ttl > TimeSpan.Zero ? ttl : null,
            Timeout = timeout,
            TrustedRoots = roots,
        };
    }
}
