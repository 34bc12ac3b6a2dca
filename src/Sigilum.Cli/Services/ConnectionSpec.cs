namespace Sigilum.Cli.Services;

/// <summary>The gateway connection <c>service add</c> creates (secrets apart); null fields take the gateway's defaults.</summary>
internal sealed record ConnectionSpec(
    string Id,
    string Name,
    string BaseUrl,
    string AuthMode,
    string? AuthHeaderName,
    string? AuthPrefix,
    string? PathPrefix,
    string AuthSecretKey,
    int? RotationIntervalDays);
