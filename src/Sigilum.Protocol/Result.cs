using System.Diagnostics.CodeAnalysis;

namespace Sigilum.Protocol;

/// <summary>Either a value or a <see cref="ProtocolError"/>; parsers return this instead of throwing.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public readonly struct Result<T>
{
    private Result(T? value, ProtocolError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value when <see cref="IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>The error when not <see cref="IsSuccess"/>.</summary>
    public ProtocolError? Error { get; }

    /// <summary>True when a value is present.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>A successful result.</summary>
    public static Result<T> Ok(T value) => new(value, null);

    /// <summary>A failed result.</summary>
    public static Result<T> Fail(string code, string reason) => new(default, new ProtocolError(code, reason));

    /// <summary>A failed result.</summary>
    public static Result<T> Fail(ProtocolError error) => new(default, error);
}
