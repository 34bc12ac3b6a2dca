namespace Sigilum.Backends;

/// <summary>
/// Implemented by backends that cache values (every network kind built by <see cref="BackendFactory"/>).
/// The host drops cached values when what they were fetched for changes: a revoked agent or route, a
/// rotated secret (reliability BKD-10).
/// </summary>
public interface IBackendCache
{
    /// <summary>Drops the cached value of <paramref name="reference"/>, or every cached value when null; the copies are zeroed.</summary>
    void Invalidate(string? reference = null);
}
