namespace Sigilum.Vault.Store;

/// <summary>
/// The shared store (PostgreSQL) cannot be reached, or has not answered since its connection dropped: the vault cannot
/// prove a configuration current or an attestation unused, so it refuses with <c>DB_UNAVAILABLE</c> until the store
/// answers again (ADR 0068). The message never carries the connection string.
/// </summary>
internal sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The error code for a refusal caused by <paramref name="exception"/>: <c>DB_UNAVAILABLE</c> for this type, else <paramref name="otherwise"/>.</summary>
    public static string CodeFor(Exception exception, string otherwise) =>
        exception is StoreUnavailableException ? ErrorCatalogue.DbUnavailable : otherwise;
}
