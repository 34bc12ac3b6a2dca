namespace Sigilum.ControlPlane.Dashboard.ApiKeys;

/// <summary>A key just created: the raw key is in this one response and nowhere else.</summary>
public sealed record ApiKeyCreatedModel(string ServiceSlug, string ServiceName, string KeyName, string RawKey);
