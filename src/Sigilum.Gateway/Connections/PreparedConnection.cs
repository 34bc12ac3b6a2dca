using System.Diagnostics.CodeAnalysis;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// A connection checked and opened up to the point where a credential would have to be fetched from a
/// backend (issue #12 item 5): which connection, which secret version, which backends it will ask, and
/// its stored secrets with credential variables filled in. Nothing has left the gateway yet, so the
/// caller can make its audit record durable first and only then call
/// <see cref="ConnectionResolver.CompleteAsync"/>. Owns the opened secrets; <see cref="Dispose"/> zeroes them.
/// </summary>
internal sealed class PreparedConnection : IDisposable
{
    private PreparedConnection(GatewayError? error, ConnectionRecord? connection, SecretMap? secrets, IReadOnlyList<string> backends, RotationState rotation, bool sealedRowOnly)
    {
        SealedRowOnly = sealedRowOnly;
        Error = error;
        Connection = connection;
        Secrets = secrets;
        Backends = backends;
        Rotation = rotation;
    }

    /// <summary>Why the connection cannot be used; null when it is ready to complete.</summary>
    public GatewayError? Error { get; }

    [MemberNotNullWhen(true, nameof(Connection), nameof(Secrets))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public ConnectionRecord? Connection { get; }

    /// <summary>The opened secret map; backend placeholders are still placeholders.</summary>
    internal SecretMap? Secrets { get; }

    /// <summary>The names of the backends <see cref="ConnectionResolver.CompleteAsync"/> will fetch from (for the audit record), sorted.</summary>
    public IReadOnlyList<string> Backends { get; }

    public RotationState Rotation { get; }

    /// <summary>
    /// True when <see cref="Secrets"/> is exactly what the connection's sealed row holds (no credential variable filled in,
    /// no backend to fetch from), so every request of this secret version scrubs the same values.
    /// </summary>
    public bool SealedRowOnly { get; }

    public static PreparedConnection Fail(GatewayError error) => new(error, null, null, [], RotationState.Ok, sealedRowOnly: false);

    public static PreparedConnection Ok(ConnectionRecord connection, SecretMap secrets, IReadOnlyList<string> backends, RotationState rotation, bool sealedRowOnly = false) =>
        new(null, connection, secrets, backends, rotation, sealedRowOnly);

    public void Dispose() => Secrets?.Dispose();
}
