namespace Sigilum.Architecture;

/// <summary>What the arrow tests need to know about one assembly, read from its metadata.</summary>
/// <param name="Name">The assembly's simple name.</param>
/// <param name="Company">Its <c>AssemblyCompanyAttribute</c>, if any.</param>
/// <param name="References">Simple names of the assemblies it references.</param>
/// <param name="TypeReferences">Full names of the types it uses from other assemblies.</param>
internal sealed record AssemblyMetadata(string Name, string? Company, IReadOnlyCollection<string> References, IReadOnlyCollection<string> TypeReferences);
