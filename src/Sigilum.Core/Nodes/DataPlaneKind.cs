namespace Sigilum.Core.Nodes;

/// <summary>Kinds of data-plane instance that pair with a namespace.</summary>
public enum DataPlaneKind
{
    Gateway,
    Vault,
}
