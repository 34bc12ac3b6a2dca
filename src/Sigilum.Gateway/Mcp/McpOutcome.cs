using System.Diagnostics.CodeAnalysis;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Mcp;

/// <summary>A value, or the <see cref="GatewayError"/> the route answers with (expected failures are values, not exceptions).</summary>
internal readonly record struct McpOutcome<T>(T? Value, GatewayError? Error)
{
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public static McpOutcome<T> Ok(T value) => new(value, null);

    public static McpOutcome<T> Fail(GatewayError error) => new(default, error);
}
