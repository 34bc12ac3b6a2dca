namespace Sigilum.Cli.Update;

/// <summary>One tool package of a release: its id (<c>Sigilum.Cli</c>, <c>Sigilum.Vault.Cli</c>), version and file.</summary>
internal sealed record ToolPackage(string Id, string Version, string File)
{
    public const string CliId = "Sigilum.Cli";

    public const string VaultId = "Sigilum.Vault.Cli";

    /// <summary>The packages <c>update</c> and <c>scripts/install</c> handle, in the order they are installed.</summary>
    public static readonly string[] Ids = [CliId, VaultId];

    /// <summary>The command a package installs.</summary>
    public static string CommandOf(string id) => string.Equals(id, VaultId, StringComparison.OrdinalIgnoreCase) ? "sigil-vault" : "sigilum";

    /// <summary>The conventional file name in a folder feed (NuGet reads the id and version from the .nuspec, not the name).</summary>
    public static string FileName(string id, string version) => $"{id}.{version}.nupkg";
}
