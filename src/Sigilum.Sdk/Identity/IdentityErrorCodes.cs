using Sigilum.Protocol.Errors;

namespace Sigilum.Sdk.Identity;

/// <summary>Stable codes carried by the identity store's failures (<see cref="Sigilum.Protocol.ProtocolError.Code"/>).</summary>
public static class IdentityErrorCodes
{
    /// <summary>No identity file exists for the namespace, or no identity exists at all.</summary>
    public const string NotFound = ErrorCatalogue.IdentityNotFound;

    /// <summary>No namespace was given and several identities exist, so none can be chosen.</summary>
    public const string Ambiguous = ErrorCatalogue.IdentityAmbiguous;

    /// <summary>The identity file exists but cannot be read or does not validate.</summary>
    public const string Invalid = ErrorCatalogue.IdentityInvalid;

    /// <summary>The namespace does not match <c>^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$</c> after trimming and lower-casing.</summary>
    public const string NamespaceInvalid = ErrorCatalogue.NamespaceInvalid;
}
