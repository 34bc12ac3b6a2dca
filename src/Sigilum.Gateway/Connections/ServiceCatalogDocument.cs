namespace Sigilum.Gateway.Connections;

/// <summary>The catalogue file: <c>{version:"v1", services:[…]}</c> (spec §3.7).</summary>
internal sealed class ServiceCatalogDocument
{
    public const string CurrentVersion = "v1";

    public string? Version { get; set; }

    public List<ServiceTemplate>? Services { get; set; }
}
