using Sigilum.ControlPlane.Api.Views;
using Sigilum.Core.Services;

namespace Sigilum.ControlPlane.Dashboard.ApiKeys;

/// <summary>The namespace's services with their API keys, and what the last failed form needs to show again.</summary>
public sealed record ApiKeysModel(IReadOnlyList<ServiceKeys> Services, ServiceForm Form, string? Problem = null);

/// <summary>A service and its keys (never their secrets: only the last four characters).</summary>
public sealed record ServiceKeys(ServiceRecord Service, IReadOnlyList<ApiKeyView> Keys);

/// <summary>What was typed into "Add a service", kept when it is refused so nothing must be typed again.</summary>
public sealed record ServiceForm(string Slug = "", string Name = "", string Hosts = "");
