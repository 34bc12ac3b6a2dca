using System.Globalization;
using System.Text;
using Sigilum.Protocol.Encoding;

namespace Sigilum.Protocol.StructuredFields;

/// <summary>RFC 9651 §4.1 serialisation, used to rebuild the canonical text of a parsed member.</summary>
internal static class StructuredFieldSerializer
{
    public static string SerializeMember(SfDictionaryMember member)
    {
        var builder = new StringBuilder(member.Key);
        if (member.InnerList is { } list)
        {
            builder.Append('=');
            AppendInnerList(builder, list);
        }
        else if (member.Item is { } item)
        {
            if (item.Value.Kind == BareItemKind.Boolean && item.Value.Boolean)
            {
                AppendParameters(builder, item.Parameters);
            }
            else
            {
                builder.Append('=');
                AppendBareItem(builder, item.Value);
                AppendParameters(builder, item.Parameters);
            }
        }
        return builder.ToString();
    }

    public static void AppendInnerList(StringBuilder builder, SfInnerList list)
    {
        builder.Append('(');
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            AppendBareItem(builder, list.Items[i].Value);
            AppendParameters(builder, list.Items[i].Parameters);
        }
        builder.Append(')');
        AppendParameters(builder, list.Parameters);
    }

    public static void AppendParameters(StringBuilder builder, IReadOnlyList<SfParameter> parameters)
    {
        foreach (var parameter in parameters)
        {
            builder.Append(';').Append(parameter.Key);
            if (!(parameter.Value.Kind == BareItemKind.Boolean && parameter.Value.Boolean))
            {
                builder.Append('=');
                AppendBareItem(builder, parameter.Value);
            }
        }
    }

    /// <summary>An sf-string: quoted, with backslash and double quote escaped (RFC 9651 §4.1.6).</summary>
    public static void AppendString(StringBuilder builder, string text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        builder.Append('"');
        if (text.AsSpan().IndexOfAny('\\', '"') < 0)
        {
            builder.Append(text);
        }
        else
        {
            foreach (var c in text)
            {
                if (c is '\\' or '"')
                {
                    builder.Append('\\');
                }
                builder.Append(c);
            }
        }
        builder.Append('"');
    }

    public static void AppendBareItem(StringBuilder builder, BareItem item)
    {
        switch (item.Kind)
        {
            case BareItemKind.Integer:
                builder.Append(item.Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case BareItemKind.Decimal:
                builder.Append(decimal.Round(item.Decimal, 3).ToString("0.0##", CultureInfo.InvariantCulture));
                break;
            case BareItemKind.String:
                AppendString(builder, item.Text!);
                break;
            case BareItemKind.Token:
                builder.Append(item.Text);
                break;
            case BareItemKind.ByteSequence:
                builder.Append(':').Append(Base64Std.Encode(item.Bytes)).Append(':');
                break;
            case BareItemKind.Boolean:
                builder.Append(item.Boolean ? "?1" : "?0");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(item));
        }
    }
}
