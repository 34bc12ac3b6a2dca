using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Update;

/// <summary>
/// What <c>update --from</c> names: a folder of <c>.nupkg</c> files (a release folder from <c>scripts/install --pack-only</c>)
/// or one <c>.nupkg</c>. Ids and versions come from each package's .nuspec, as NuGet reads them, not from file names.
/// </summary>
internal static class PackageSource
{
    public static IReadOnlyList<ToolPackage> Read(string path)
    {
        string[] files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            files = Directory.GetFiles(path, "*.nupkg");
        }
        else
        {
            throw new CliException(ExitCodes.NotFound, $"{path} is neither a folder nor a .nupkg file ({ErrorCatalogue.UpdateSourceNotFound})");
        }
        var packages = new List<ToolPackage>();
        foreach (var file in files)
        {
            var (id, version) = ReadNuspec(file);
            if (ToolPackage.Ids.FirstOrDefault(known => string.Equals(known, id, StringComparison.OrdinalIgnoreCase)) is { } knownId)
            {
                packages.Add(new ToolPackage(knownId, version, Path.GetFullPath(file)));
            }
        }
        if (packages.Count == 0)
        {
            throw new CliException(ExitCodes.InvalidData,
                $"{path} holds no {ToolPackage.CliId} or {ToolPackage.VaultId} package ({ErrorCatalogue.UpdateSourceInvalid})");
        }
        foreach (var group in packages.GroupBy(p => p.Id).Where(g => g.Select(p => p.Version).Distinct(StringComparer.OrdinalIgnoreCase).Count() > 1))
        {
            // Guessing which one is meant would be worse than asking: pass the file itself.
            throw new CliException(ExitCodes.InvalidData,
                $"{path} holds several versions of {group.Key} ({string.Join(", ", group.Select(p => p.Version))}); pass one .nupkg file ({ErrorCatalogue.UpdateSourceInvalid})");
        }
        return [.. packages.DistinctBy(p => p.Id).OrderBy(p => Array.IndexOf(ToolPackage.Ids, p.Id))];
    }

    private static (string Id, string Version) ReadNuspec(string file)
    {
        try
        {
            using var zip = ZipFile.OpenRead(file);
            var entry = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidDataException("no .nuspec");
            using var stream = entry.Open();
            var document = XDocument.Load(stream);
            var metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
            var id = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "id")?.Value.Trim();
            var version = metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == "version")?.Value.Trim();
            return string.IsNullOrEmpty(id) || string.IsNullOrEmpty(version) || version.IndexOfAny(['/', '\\']) >= 0
                ? throw new InvalidDataException("no id or version")
                : (id, version);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or XmlException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidData, $"{file} is not a readable NuGet package: {ex.Message} ({ErrorCatalogue.UpdateSourceInvalid})");
        }
    }
}
