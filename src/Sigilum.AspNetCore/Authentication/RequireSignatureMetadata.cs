namespace Sigilum.AspNetCore.Authentication;

/// <summary>Endpoint metadata: this endpoint needs a valid Sigilum signature.</summary>
public sealed class RequireSignatureMetadata
{
    public static readonly RequireSignatureMetadata Instance = new();

    private RequireSignatureMetadata()
    {
    }
}
