namespace Sigilum.ControlPlane.Claims;

/// <summary>Why an approval scope was refused.</summary>
internal enum ApprovalScopeError
{
    None,

    /// <summary>A relative expiry of zero, a negative one, or one longer than <see cref="ApprovalScopeRules.MaxLifetimeSeconds"/>.</summary>
    LifetimeOutOfRange,

    /// <summary>An absolute expiry that is not in the future.</summary>
    ExpiryNotInFuture,
}
