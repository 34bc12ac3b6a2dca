using Sigilum.ControlPlane.Relay;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>The providers page: which gateway, its connections and catalogue, and the last action's result.</summary>
public sealed record ProvidersModel(
    IReadOnlyList<RelayedGateway> Gateways,
    RelayedGateway? Gateway,
    IReadOnlyList<ProviderView> Providers,
    IReadOnlyList<ProviderTemplate> Templates,
    string? Problem,
    string? Result = null);

/// <summary>The add or rotate form. Secret inputs are sealed in the browser to <see cref="Gateway"/>'s key.</summary>
public sealed record ProviderFormModel(
    RelayedGateway Gateway,
    ProviderTemplate Template,
    ProviderView? Rotating,
    IReadOnlyDictionary<string, string> Values,
    string? Problem);
