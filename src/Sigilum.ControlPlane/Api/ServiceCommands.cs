using Sigilum.Core.Ids;
using Sigilum.Core.Services;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Creating services and their API keys, shared by the owner API and the dashboard so both apply the same rules
/// (slug, upstream hosts, text limits) and mint keys the same way.
/// </summary>
internal static class ServiceCommands
{
    public const string SlugRule = "slug must be 3-64 characters of a-z, 0-9 and '-', starting and ending with a letter or digit.";

    /// <summary>Validates and creates a service in <paramref name="ns"/>; the outcome says why when it did not.</summary>
    public static async Task<ServiceCreation> CreateServiceAsync(
        ISigilumStore store, TimeProvider time, string ns, string? slugInput, string? name, string? description, IReadOnlyList<string>? upstreamHosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var slug = slugInput?.Trim().ToLowerInvariant();
        if (!InputRules.IsSlug(slug))
        {
            return ServiceCreation.Invalid(SlugRule);
        }
        if (!InputRules.TryHosts(upstreamHosts, out var hosts, out var hostError))
        {
            return ServiceCreation.Invalid(hostError);
        }
        var now = time.GetUtcNow();
        var service = new ServiceRecord
        {
            Id = IdGenerator.New("svc_"), Namespace = ns, Slug = slug, Name = InputRules.Text(name, 128) ?? slug,
            Description = InputRules.Text(description, 1024), UpstreamHosts = hosts, CreatedAt = now, UpdatedAt = now,
        };
        return await store.Services.CreateAsync(service, cancellationToken)
            ? ServiceCreation.Created(service)
            : ServiceCreation.SlugTaken($"A service with slug {slug} already exists in {ns}.");
    }

    /// <summary>Mints a key for <paramref name="service"/>: only its hash and last four characters are stored.</summary>
    public static async Task<(ServiceApiKeyRecord Key, string RawKey)> CreateKeyAsync(
        ISigilumStore store, TimeProvider time, ServiceRecord service, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(service);
        var raw = IdGenerator.ServiceApiKey();
        var key = new ServiceApiKeyRecord
        {
            Id = IdGenerator.New("key_"), ServiceId = service.Id, Name = InputRules.Text(name, 128) ?? "default",
            KeyHash = IdGenerator.HashToken(raw), Last4 = raw[^4..], CreatedAt = time.GetUtcNow(),
        };
        await store.Services.AddKeyAsync(key, cancellationToken);
        return (key, raw);
    }
}
