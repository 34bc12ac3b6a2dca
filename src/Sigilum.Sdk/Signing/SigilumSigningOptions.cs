namespace Sigilum.Sdk.Signing;

/// <summary>Settings for <see cref="SigilumSigningHandler"/> and <c>AddSigilumSigning</c>.</summary>
public sealed class SigilumSigningOptions
{
    /// <summary>The default for <see cref="MaxBodyBytes"/>: 2 MiB, the gateway's own body limit.</summary>
    public const int DefaultMaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>
    /// Namespace of the identity to sign with. Null uses <c>SIGILUM_NAMESPACE</c>, else the only identity
    /// in the home directory.
    /// </summary>
    public string? Namespace { get; set; }

    /// <summary>Sigilum home directory; null uses <c>SIGILUM_HOME</c>, else <c>~/.sigilum</c>.</summary>
    public string? HomeDirectory { get; set; }

    /// <summary>
    /// Subject for every request ("who triggered the action"). Null keeps a <c>sigilum-subject</c> header
    /// the request already carries, else uses the namespace.
    /// </summary>
    public string? Subject { get; set; }

    /// <summary>
    /// Largest request body the handler buffers to compute its digest. A larger body throws
    /// <see cref="InvalidOperationException"/> before anything is sent.
    /// </summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>Clock for the signature's <c>created</c> parameter.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
