using Sigilum.ControlPlane.Relay;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>A gateway's credential variables (<c>{{KEY}}</c> in connections): names and dates only, never values.</summary>
public sealed record VariablesModel(RelayedGateway Gateway, IReadOnlyList<VariableView> Variables, string? Problem, string? Key = null);

/// <summary>One credential variable as the gateway lists it.</summary>
public sealed record VariableView(string Key, DateTimeOffset? UpdatedAt, string? CreatedBy);

/// <summary>The edit form of a provider's non-secret settings.</summary>
public sealed record ProviderEditModel(RelayedGateway Gateway, ProviderView Provider, IReadOnlyDictionary<string, string> Values, string? Problem);
