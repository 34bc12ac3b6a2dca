using Sigilum.Protocol.Encoding;

namespace Sigilum.Protocol.StructuredFields;

/// <summary>Bare item rules of RFC 9651 §4.2.3–§4.2.8.</summary>
internal sealed partial class StructuredFieldParser
{
    private BareItem ParseBareItem()
    {
        if (AtEnd)
        {
            throw new SfSyntaxException("missing value");
        }
        var c = Current;
        return c switch
        {
            '-' or (>= '0' and <= '9') => ParseNumber(),
            '"' => ParseString(),
            ':' => ParseByteSequence(),
            '?' => ParseBoolean(),
            _ when char.IsAsciiLetter(c) || c == '*' => ParseToken(),
            _ => throw new SfSyntaxException("unrecognised or unsupported value type"),
        };
    }

    private BareItem ParseNumber()
    {
        var negative = false;
        if (Current == '-')
        {
            negative = true;
            _pos++;
        }
        if (AtEnd || !char.IsAsciiDigit(Current))
        {
            throw new SfSyntaxException("a number needs a digit");
        }
        var digitsStart = _pos;
        var dot = -1;
        while (!AtEnd && (char.IsAsciiDigit(Current) || (Current == '.' && dot < 0)))
        {
            if (Current == '.')
            {
                if (_pos - digitsStart > 12)
                {
                    throw new SfSyntaxException("decimal integer part longer than 12 digits");
                }
                dot = _pos;
            }
            _pos++;
            var length = _pos - digitsStart;
            if (dot < 0 && length > 15)
            {
                throw new SfSyntaxException("integer longer than 15 digits");
            }
            if (dot >= 0 && length > 16)
            {
                throw new SfSyntaxException("decimal longer than 16 characters");
            }
        }
        var text = _input[digitsStart.._pos];
        if (dot < 0)
        {
            var value = long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
            return BareItem.OfInteger(negative ? -value : value);
        }
        var fraction = _pos - dot - 1;
        if (fraction is < 1 or > 3)
        {
            throw new SfSyntaxException("decimal needs 1 to 3 fractional digits");
        }
        var dec = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return new BareItem(BareItemKind.Decimal, Decimal: negative ? -dec : dec);
    }

    private BareItem ParseString()
    {
        Expect('"');
        // Fast path, same checks in the same order: a string without escapes is a slice of the input (no builder).
        for (var i = _pos; i < _input.Length; i++)
        {
            var c = _input[i];
            if (c == '"')
            {
                var text = _input[_pos..i];
                _pos = i + 1;
                return BareItem.OfString(text);
            }
            if (c == '\\')
            {
                break;
            }
            if (c is < ' ' or > '~')
            {
                _pos = i + 1;
                throw new SfSyntaxException("invalid character in string");
            }
            if (i - _pos + 1 > _limits.MaxStringLength)
            {
                _pos = i + 1;
                throw new SfSyntaxException("string too long");
            }
        }
        var builder = new System.Text.StringBuilder();
        while (!AtEnd)
        {
            var c = Current;
            _pos++;
            if (c == '\\')
            {
                if (AtEnd || Current is not ('"' or '\\'))
                {
                    throw new SfSyntaxException("invalid escape in string");
                }
                builder.Append(Current);
                _pos++;
            }
            else if (c == '"')
            {
                return BareItem.OfString(builder.ToString());
            }
            else if (c is < ' ' or > '~')
            {
                // Control and non-ASCII characters are never valid in sf-string (SIG-17).
                throw new SfSyntaxException("invalid character in string");
            }
            else
            {
                builder.Append(c);
            }
            if (builder.Length > _limits.MaxStringLength)
            {
                throw new SfSyntaxException("string too long");
            }
        }
        throw new SfSyntaxException("unterminated string");
    }

    private BareItem ParseToken()
    {
        var start = _pos;
        while (!AtEnd && (IsTChar(Current) || Current is ':' or '/'))
        {
            _pos++;
        }
        return new BareItem(BareItemKind.Token, Text: _input[start.._pos]);
    }

    private BareItem ParseByteSequence()
    {
        Expect(':');
        var start = _pos;
        while (!AtEnd && Current != ':')
        {
            _pos++;
        }
        if (AtEnd)
        {
            throw new SfSyntaxException("unterminated byte sequence");
        }
        var text = _input[start.._pos];
        _pos++;
        if (!Base64Std.TryDecode(text, out var bytes))
        {
            throw new SfSyntaxException("byte sequence is not canonical padded base64");
        }
        return new BareItem(BareItemKind.ByteSequence, Bytes: bytes);
    }

    private BareItem ParseBoolean()
    {
        Expect('?');
        if (!AtEnd && Current is '0' or '1')
        {
            var value = Current == '1';
            _pos++;
            return new BareItem(BareItemKind.Boolean, Boolean: value);
        }
        throw new SfSyntaxException("boolean must be ?0 or ?1");
    }

    // tchar from RFC 9110 §5.6.2.
    private static bool IsTChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
