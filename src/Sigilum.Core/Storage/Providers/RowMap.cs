using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Sigilum.Core.Claims;
using Sigilum.Core.Connections;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Core.Storage.Providers;

/// <summary>
/// The one row reader of the shared stores: a record is read from its column list alone. Column i, in snake_case, sets the
/// record's property of the same name in PascalCase, read with the <see cref="StoredRow"/> accessor the property's type
/// asks for (a nullable property reads SQL NULL as null; an enum its <see cref="EnumText"/> spelling; an MCP policy or a
/// change-feed claim its JSON text). It replaces a hand-written object initializer per record, all of the same shape, in
/// which a column could be read at the wrong ordinal; the reader is compiled once per record, so a row costs what the
/// hand-written code did. A column without a settable property, a required property without a column, or a property
/// type without an accessor throws when the reader is built (the class initializer of the <c>*Rows</c> class that holds
/// it), so every store test and <c>RowMapTests.AllRowReaders_Build</c> catch the mistake before a query runs.
/// </summary>
internal static class RowMap
{
    private static readonly Dictionary<Type, string> Accessors = new()
    {
        [typeof(string)] = nameof(StoredRow.GetString),
        [typeof(int)] = nameof(StoredRow.GetInt32),
        [typeof(long)] = nameof(StoredRow.GetInt64),
        [typeof(DateTimeOffset)] = nameof(StoredRow.Time),
        [typeof(bool)] = nameof(StoredRow.GetBoolean),
        [typeof(byte[])] = nameof(StoredRow.Bytes),
        [typeof(IReadOnlyList<string>)] = nameof(StoredRow.StringList),
    };

    // Values stored as JSON text (ADR 0041's MCP columns; the change feed's claim snapshot): read as text, then decoded.
    private static readonly Dictionary<Type, MethodInfo> TextDecoders = new()
    {
        [typeof(McpToolPolicy)] = ((Func<string?, McpToolPolicy?>)McpColumns.Policy).Method,
        [typeof(IReadOnlyDictionary<string, McpToolPolicy>)] =
            ((Func<string?, IReadOnlyDictionary<string, McpToolPolicy>?>)McpColumns.SubjectPolicies).Method,
        [typeof(McpDiscovery)] = ((Func<string?, McpDiscovery?>)McpColumns.Discovery).Method,
        [typeof(ClaimRecord)] = ((Func<string, ClaimRecord>)ClaimSnapshot.Deserialize).Method,
    };

    private static readonly MethodInfo IsNull = typeof(StoredRow).GetMethod(nameof(StoredRow.IsNull))!;

    private static readonly MethodInfo GetString = typeof(StoredRow).GetMethod(nameof(StoredRow.GetString))!;

    /// <summary>The reader of <typeparamref name="T"/> from a row that selects <paramref name="columns"/> in this order.</summary>
    public static Func<StoredRow, T> Of<T>(string columns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(columns);
        var names = columns.Split(',', StringSplitOptions.TrimEntries);
        var nullability = new NullabilityInfoContext();
        var row = Expression.Parameter(typeof(StoredRow), "row");
        var bindings = names.Select((column, ordinal) =>
        {
            var property = typeof(T).GetProperty(PropertyName(column), BindingFlags.Public | BindingFlags.Instance);
            if (property?.SetMethod is not { IsPublic: true })
            {
                throw new InvalidOperationException($"{typeof(T).Name} has no settable property for the column '{column}'.");
            }
            return (MemberBinding)Expression.Bind(property, Value(row, ordinal, property, nullability));
        }).ToList();
        var unread = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(RequiredMemberAttribute)) && !bindings.Any(b => b.Member == p))
            .Select(p => p.Name).ToList();
        if (unread.Count > 0)
        {
            throw new InvalidOperationException($"{typeof(T).Name} requires {string.Join(", ", unread)}, which the columns do not select.");
        }
        var read = Expression.Lambda<Func<StoredRow, T>>(Expression.MemberInit(Expression.New(typeof(T)), bindings), row).Compile();
        return stored =>
        {
            ArgumentNullException.ThrowIfNull(stored);
            return read(stored);
        };
    }

    /// <summary><c>first_seen_at</c> → <c>FirstSeenAt</c>.</summary>
    public static string PropertyName(string column) =>
        string.Concat(column.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private static Expression Value(ParameterExpression row, int ordinal, PropertyInfo property, NullabilityInfoContext nullability)
    {
        var type = property.PropertyType;
        var underlying = Nullable.GetUnderlyingType(type);
        var read = Read(row, ordinal, underlying ?? type, property);
        var nullable = underlying is not null || (!type.IsValueType && nullability.Create(property).WriteState == NullabilityState.Nullable);
        return nullable
            ? Expression.Condition(Expression.Call(row, IsNull, Expression.Constant(ordinal)), Expression.Default(type), Expression.Convert(read, type))
            : read;
    }

    private static MethodCallExpression Read(ParameterExpression row, int ordinal, Type type, PropertyInfo property)
    {
        var at = Expression.Constant(ordinal);
        if (type.IsEnum)
        {
            return Expression.Call(typeof(EnumText), nameof(EnumText.Parse), [type], Expression.Call(row, GetString, at));
        }
        if (TextDecoders.TryGetValue(type, out var decode))
        {
            return Expression.Call(decode, Expression.Call(row, GetString, at));
        }
        return Accessors.TryGetValue(type, out var accessor)
            ? Expression.Call(row, typeof(StoredRow).GetMethod(accessor)!, at)
            : throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name}: no column reader for {type.Name}.");
    }
}
