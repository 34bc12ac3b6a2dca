using System.Diagnostics.CodeAnalysis;
using Sigilum.Core.Connections;
using Sigilum.Core.Secrets;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// A connection ready to forward to, or why it cannot be used. On success exactly one of
/// <see cref="Header"/> and <see cref="QueryParameter"/> carries the credential (neither for an MCP connection created
/// without one). Owns every secret buffer
/// in it: <see cref="Dispose"/> zeroes them all (a caller that hands them to the forwarding engine may
/// dispose too; zeroing twice is harmless).
/// </summary>
internal sealed class ConnectionResolution : IDisposable
{
    private ConnectionResolution(
        GatewayError? error, ConnectionRecord? connection, Uri? upstreamBase, InjectedHeader? header,
        InjectedQueryParameter? queryParameter, IReadOnlyList<byte[]> secrets, RotationState rotation, SecretSpellings? echo)
    {
        Echo = echo;
        Error = error;
        Connection = connection;
        UpstreamBase = upstreamBase;
        Header = header;
        QueryParameter = queryParameter;
        Secrets = secrets;
        Rotation = rotation;
    }

    /// <summary>Why the connection cannot be used (404 / 400 / 403 <c>ROTATION_REQUIRED</c> / 500); null on success.</summary>
    public GatewayError? Error { get; }

    [MemberNotNullWhen(true, nameof(Connection), nameof(UpstreamBase))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public ConnectionRecord? Connection { get; }

    /// <summary><c>base_url</c> joined with <c>path_prefix</c>, e.g. <c>https://api.example.com/v1</c> (no trailing slash).</summary>
    public Uri? UpstreamBase { get; }

    /// <summary>bearer / header_key: the header to set (replacing any the agent sent).</summary>
    public InjectedHeader? Header { get; }

    /// <summary>query_param: the parameter to add to the upstream query (value unencoded).</summary>
    public InjectedQueryParameter? QueryParameter { get; }

    /// <summary>
    /// Raw secret values (every resolved secret of the connection, at least 8 bytes long) for echo
    /// scrubbing. Shorter values are left out: replacing every short string in responses would corrupt them.
    /// </summary>
    public IReadOnlyList<byte[]> Secrets { get; }

    /// <summary>
    /// The echo scrubber's spellings of <see cref="Secrets"/> cached with the connection's secret version (ADR 0044), with a
    /// reference this resolution holds until <see cref="Dispose"/>; null when they are derived per request (a credential
    /// variable or backend value, or a cache miss).
    /// </summary>
    public SecretSpellings? Echo { get; }

    private int _disposed;

    /// <summary>The rotation verdict; <see cref="RotationStatus.Warn"/> means add <see cref="RotationState.WarningHeader"/>.</summary>
    public RotationState Rotation { get; }

    /// <summary>
    /// A scrubber for one answer: over the cached spellings of this secret version when the resolution holds them
    /// (ADR 0044), else derived from <see cref="Secrets"/> for this answer only.
    /// </summary>
    public SecretScrubber NewScrubber() => Echo is { } shared ? new SecretScrubber(shared) : new SecretScrubber(Secrets, EchoMarker.Gateway);

    public static ConnectionResolution Fail(GatewayError error) => new(error, null, null, null, null, [], RotationState.Ok, null);

    public static ConnectionResolution Ok(
        ConnectionRecord connection, Uri upstreamBase, InjectedHeader? header, InjectedQueryParameter? queryParameter,
        IReadOnlyList<byte[]> secrets, RotationState rotation, SecretSpellings? echo = null) =>
        new(null, connection, upstreamBase, header, queryParameter, secrets, rotation, echo);

    public void Dispose()
    {
        SecretBytes.Zero([Header?.Value, QueryParameter?.Value, .. Secrets]);
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Echo?.ReleaseReference();
        }
    }
}
