using System.Text.Json;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The service template catalogue (spec §3.7): a JSON file in the gateway's data directory, written from
/// the built-in templates (embedded <c>service-catalog.defaults.json</c>) on first load, replaced
/// atomically (temp file + rename) by a validated PUT. A catalogue file that does not parse or validate
/// is refused (the error says so) rather than silently replaced by the defaults.
/// </summary>
internal sealed class ServiceCatalog(ConnectionOptions options, ILogger<ServiceCatalog> logger) : IDisposable
{
    private const string DefaultsResource = "Sigilum.Gateway.Connections.service-catalog.defaults.json";
    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The built-in templates, validated (a test keeps them valid).</summary>
    public static ServiceCatalogDocument Defaults()
    {
        using var stream = typeof(ServiceCatalog).Assembly.GetManifestResourceStream(DefaultsResource)
            ?? throw new InvalidOperationException("The built-in service catalogue resource is missing.");
        return JsonSerializer.Deserialize<ServiceCatalogDocument>(stream, GatewayJson.Options)
            ?? throw new InvalidOperationException("The built-in service catalogue is empty.");
    }

    /// <summary>The current catalogue; creates the file from the defaults when there is none.</summary>
    public async Task<AdminOutcome<ServiceCatalogDocument>> GetAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var path = options.ResolvedCatalogFile;
            if (!File.Exists(path))
            {
                var defaults = Defaults();
                await WriteAsync(path, defaults, cancellationToken);
                ConnectionLog.CatalogCreated(logger, path);
                return AdminOutcome<ServiceCatalogDocument>.Ok(defaults);
            }
            ServiceCatalogDocument? document;
            try
            {
                await using var stream = File.OpenRead(path);
                document = await JsonSerializer.DeserializeAsync<ServiceCatalogDocument>(stream, GatewayJson.Options, cancellationToken);
            }
            catch (JsonException)
            {
                return ConnectionErrors.CatalogInvalid($"the service catalogue file {Path.GetFileName(path)} is not valid JSON; fix or delete it");
            }
            if (document is null || Validate(document) is not null)
            {
                return ConnectionErrors.CatalogInvalid($"the service catalogue file {Path.GetFileName(path)} is invalid; fix or delete it");
            }
            return AdminOutcome<ServiceCatalogDocument>.Ok(document);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Validates and replaces the catalogue.</summary>
    public async Task<AdminOutcome<ServiceCatalogDocument>> SaveAsync(ServiceCatalogDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (Validate(document) is { } error)
        {
            return error;
        }
        await _lock.WaitAsync(cancellationToken);
        try
        {
            await WriteAsync(options.ResolvedCatalogFile, document, cancellationToken);
            return AdminOutcome<ServiceCatalogDocument>.Ok(document);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Spec §3.7: version v1; unique non-empty keys and connection ids; every http template has a valid
    /// base URL and auth mode, credential fields with unique keys, and an auth_secret_key among them.
    /// </summary>
    public static GatewayError? Validate(ServiceCatalogDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Version != ServiceCatalogDocument.CurrentVersion)
        {
            return ConnectionErrors.CatalogInvalid("version must be \"v1\"");
        }
        if (document.Services is null)
        {
            return ConnectionErrors.CatalogInvalid("services is required");
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Services.Count; i++)
        {
            var service = document.Services[i];
            var where = $"services[{i}]";
            if (service is null)
            {
                return ConnectionErrors.CatalogInvalid($"{where} is null");
            }
            var key = service.Key?.Trim() ?? "";
            if (!ConnectionValidation.VariableKeyPattern().IsMatch(key))
            {
                return ConnectionErrors.CatalogInvalid($"{where}.key must be 2-128 characters of letters, digits, '.', '_' or '-'");
            }
            if (!keys.Add(key))
            {
                return ConnectionErrors.CatalogInvalid($"{where}.key \"{key}\" is used twice");
            }
            var id = service.ConnectionId?.Trim() ?? "";
            if (!ConnectionValidation.IsValidId(id))
            {
                return ConnectionErrors.CatalogInvalid($"{where}.connection_id must be a valid connection id");
            }
            if (!ids.Add(id))
            {
                return ConnectionErrors.CatalogInvalid($"{where}.connection_id \"{id}\" is used twice");
            }
            var protocol = string.IsNullOrWhiteSpace(service.Protocol) ? ConnectionValues.ProtocolHttp : service.Protocol.Trim();
            if (protocol is not (ConnectionValues.ProtocolHttp or "mcp"))
            {
                return ConnectionErrors.CatalogInvalid($"{where}.protocol must be http or mcp");
            }
            if (protocol == ConnectionValues.ProtocolHttp && ValidateHttp(service, where) is { } httpError)
            {
                return httpError;
            }
        }
        return null;
    }

    private static GatewayError? ValidateHttp(ServiceTemplate service, string where)
    {
        if (ConnectionValidation.BaseUrl(service.BaseUrl, out _) is not null)
        {
            return ConnectionErrors.CatalogInvalid($"{where}.base_url must be an absolute http or https URL");
        }
        if (ConnectionValidation.PathPrefix(service.PathPrefix, out _) is not null)
        {
            return ConnectionErrors.CatalogInvalid($"{where}.path_prefix must be a plain path such as /v1");
        }
        if (ConnectionValidation.AuthMode(service.AuthMode, out var mode) is not null)
        {
            return ConnectionErrors.CatalogInvalid($"{where}.auth_mode must be bearer, header_key or query_param");
        }
        var header = string.IsNullOrWhiteSpace(service.AuthHeaderName) ? ConnectionValidation.DefaultHeaderName(mode) : service.AuthHeaderName.Trim();
        if (ConnectionValidation.HeaderName(header, mode) is not null || ConnectionValidation.Prefix(service.AuthPrefix ?? "") is not null)
        {
            return ConnectionErrors.CatalogInvalid($"{where}.auth_header_name or auth_prefix is not valid for {mode}");
        }
        if (service.CredentialFields is not { Count: > 0 } fields)
        {
            return ConnectionErrors.CatalogInvalid($"{where}.credential_fields is required for http services");
        }
        var fieldKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (string.IsNullOrWhiteSpace(field?.Key) || !fieldKeys.Add(field.Key.Trim()))
            {
                return ConnectionErrors.CatalogInvalid($"{where}.credential_fields need unique, non-empty keys");
            }
        }
        if (string.IsNullOrWhiteSpace(service.AuthSecretKey) || !fieldKeys.Contains(service.AuthSecretKey.Trim()))
        {
            return ConnectionErrors.CatalogInvalid($"{where}.auth_secret_key must name one of its credential_fields");
        }
        return null;
    }

    /// <summary>Write to a temp file in the same directory, flush to disk, then rename over the target.</summary>
    private static async Task WriteAsync(string path, ServiceCatalogDocument document, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await JsonSerializer.SerializeAsync(stream, document, PrettyJson, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static readonly JsonSerializerOptions PrettyJson = new(GatewayJson.Options) { WriteIndented = true };

    public void Dispose() => _lock.Dispose();
}
