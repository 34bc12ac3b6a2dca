using System.Diagnostics.CodeAnalysis;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>A value or the error to answer with: expected failures are values, not exceptions.</summary>
internal readonly record struct AdminOutcome<T>(T? Value, GatewayError? Error)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static implicit operator AdminOutcome<T>(GatewayError error) => new(null, error);

    public static AdminOutcome<T> Ok(T value) => new(value, null);
}
