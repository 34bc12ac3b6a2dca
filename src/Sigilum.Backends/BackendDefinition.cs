namespace Sigilum.Backends;

/// <summary>A backend as the operator configured it: <c>backends add --name N --kind K --options k=v,…</c>.</summary>
public sealed record BackendDefinition(string Name, string Kind, IReadOnlyDictionary<string, string> Options);
