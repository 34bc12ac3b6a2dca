using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Sigilum.Architecture;

/// <summary>
/// Finds our assemblies among the DLLs beside the test and reads their metadata without loading
/// them (System.Reflection.Metadata), so an assembly with no types yet is still read.
/// </summary>
internal static class ProductAssemblies
{
    /// <summary>The <c>Authors</c> of Directory.Build.props, which the SDK writes as the company attribute.</summary>
    public const string Company = "Sigilum for .NET contributors";

    private static readonly Lazy<IReadOnlyList<AssemblyMetadata>> All = new(() => ReadAll(AppContext.BaseDirectory));

    /// <summary>Every managed assembly in the output directory.</summary>
    public static IReadOnlyList<AssemblyMetadata> InOutputDirectory => All.Value;

    /// <summary>Ours (by name or by company), excluding the test side.</summary>
    public static IReadOnlyList<AssemblyMetadata> Ours =>
        InOutputDirectory.Where(a => !DependencyRules.IsTestSide(a.Name) &&
                                     (DependencyRules.ComponentOf(a.Name) is not null || a.Company == Company)).ToList();

    private static List<AssemblyMetadata> ReadAll(string directory)
    {
        var infos = new List<AssemblyMetadata>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.dll").Order(StringComparer.Ordinal))
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                continue; // native library
            }
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly)
            {
                continue;
            }
            var definition = reader.GetAssemblyDefinition();
            infos.Add(new AssemblyMetadata(
                reader.GetString(definition.Name),
                ReadCompany(reader, definition),
                reader.AssemblyReferences.Select(h => reader.GetString(reader.GetAssemblyReference(h).Name)).ToList(),
                reader.TypeReferences.Select(h => FullName(reader, reader.GetTypeReference(h))).ToList()));
        }
        return infos;
    }

    private static string FullName(MetadataReader reader, TypeReference type) =>
        type.Namespace.IsNil ? reader.GetString(type.Name) : $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";

    private static string? ReadCompany(MetadataReader reader, AssemblyDefinition definition)
    {
        foreach (var handle in definition.GetCustomAttributes())
        {
            var attribute = reader.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }
            var constructor = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor);
            if (constructor.Parent.Kind != HandleKind.TypeReference ||
                reader.GetString(reader.GetTypeReference((TypeReferenceHandle)constructor.Parent).Name) != "AssemblyCompanyAttribute")
            {
                continue;
            }
            // ECMA-335 §II.23.3: prolog 0x0001, then the string argument.
            var blob = reader.GetBlobReader(attribute.Value);
            return blob.ReadUInt16() == 1 ? blob.ReadSerializedString() : null;
        }
        return null;
    }
}
