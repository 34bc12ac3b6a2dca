using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// Reads JSON5 (what OpenClaw accepts in <c>openclaw.json</c>): <c>//</c> and <c>/* */</c> comments, trailing commas,
/// unquoted identifier keys, single-quoted strings, hexadecimal numbers, leading <c>+</c> and bare decimal points, and
/// escaped line breaks in strings. No JSON5 package is available to this repository and System.Text.Json's own options
/// stop at comments and trailing commas, so this is a small recursive-descent reader into <see cref="JsonNode"/>.
/// <c>Infinity</c> and <c>NaN</c> are refused: the file is written back as plain JSON, which cannot hold them.
/// A repeated key keeps its last value, as OpenClaw's parser (JavaScript semantics) does.
/// </summary>
internal sealed class Json5
{
    private const int MaxDepth = 128;

    private readonly string _text;
    private int _pos;

    private Json5(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; a syntax error throws <see cref="FormatException"/> naming line and column.</summary>
    public static JsonNode? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Json5(text);
        // A UTF-8 byte order mark is allowed, as in JSON files saved by Windows editors.
        if (reader._text.Length > 0 && reader._text[0] == '\uFEFF')
        {
            reader._pos = 1;
        }
        reader.SkipTrivia();
        var value = reader.ReadValue(0);
        reader.SkipTrivia();
        if (reader._pos < reader._text.Length)
        {
            throw reader.Error("unexpected text after the end of the document");
        }
        return value;
    }

    private JsonNode? ReadValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nested deeper than {MaxDepth} levels");
        }
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of the document");
        }
        var c = _text[_pos];
        return c switch
        {
            '{' => ReadObject(depth),
            '[' => ReadArray(depth),
            '"' or '\'' => JsonValue.Create(ReadString()),
            _ when c is '-' or '+' or '.' || char.IsAsciiDigit(c) => ReadNumber(),
            _ => ReadLiteral(),
        };
    }

    private JsonObject ReadObject(int depth)
    {
        _pos++;
        var obj = new JsonObject();
        while (true)
        {
            SkipTrivia();
            if (Peek() == '}')
            {
                _pos++;
                return obj;
            }
            var key = Peek() is '"' or '\'' ? ReadString() : ReadIdentifier();
            SkipTrivia();
            Expect(':');
            SkipTrivia();
            var value = ReadValue(depth + 1);
            // JavaScript semantics: a repeated key keeps its last value.
            obj.Remove(key);
            obj[key] = value;
            SkipTrivia();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }
            if (Peek() == '}')
            {
                _pos++;
                return obj;
            }
            throw Error("expected ',' or '}' in an object");
        }
    }

    private JsonArray ReadArray(int depth)
    {
        _pos++;
        var array = new JsonArray();
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }
            array.Add(ReadValue(depth + 1));
            SkipTrivia();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }
            throw Error("expected ',' or ']' in an array");
        }
    }

    private string ReadString()
    {
        var quote = _text[_pos++];
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }
            var c = _text[_pos++];
            if (c == quote)
            {
                return builder.ToString();
            }
            if (c is '\n' or '\r')
            {
                throw Error("line break inside a string (escape it with a backslash)");
            }
            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }
            var e = _text[_pos++];
            switch (e)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case '0' when _pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]): builder.Append('\0'); break;
                case 'x': builder.Append((char)ReadHex(2)); break;
                case 'u': builder.Append((char)ReadHex(4)); break;
                // An escaped line break continues the string on the next line.
                case '\r':
                    if (Peek() == '\n')
                    {
                        _pos++;
                    }
                    break;
                case '\n' or '\u2028' or '\u2029': break;
                default:
                    if (char.IsAsciiDigit(e))
                    {
                        throw Error("octal escapes are not allowed in JSON5");
                    }
                    builder.Append(e);
                    break;
            }
        }
    }

    private int ReadHex(int digits)
    {
        if (_pos + digits > _text.Length ||
            !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"expected {digits} hexadecimal digits in an escape");
        }
        _pos += digits;
        return value;
    }

    private string ReadIdentifier()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
        {
            _pos++;
        }
        if (_pos == start || char.IsAsciiDigit(_text[start]))
        {
            throw Error("expected a property name");
        }
        return _text[start.._pos];
    }

    private JsonValue? ReadLiteral()
    {
        var word = ReadIdentifier();
        return word switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" => null,
            "Infinity" or "NaN" => throw Error($"{word} cannot be written back as JSON"),
            _ => throw Error("unexpected bare word (strings need quotes)"),
        };
    }

    private JsonNode ReadNumber()
    {
        var start = _pos;
        var negative = false;
        if (_text[_pos] is '+' or '-')
        {
            negative = _text[_pos] == '-';
            _pos++;
        }
        if (_pos + 1 < _text.Length && _text[_pos] == '0' && _text[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var hexStart = _pos;
            while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
            {
                _pos++;
            }
            if (_pos == hexStart || !long.TryParse(_text.AsSpan(hexStart, _pos - hexStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) || hex < 0)
            {
                throw Error("invalid hexadecimal number");
            }
            return JsonValue.Create(negative ? -hex : hex);
        }
        if (_pos < _text.Length && _text[_pos] is 'I' or 'N')
        {
            throw Error("Infinity and NaN cannot be written back as JSON");
        }
        var digitsStart = _pos;
        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E' ||
            (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }
        var digits = _text[digitsStart.._pos];
        // JSON5 allows ".5" and "5."; plain JSON spells them "0.5" and "5".
        if (digits.StartsWith('.'))
        {
            digits = "0" + digits;
        }
        digits = digits.Replace(".e", "e", StringComparison.Ordinal).Replace(".E", "E", StringComparison.Ordinal);
        if (digits.EndsWith('.'))
        {
            digits = digits[..^1];
        }
        var json = (negative ? "-" : string.Empty) + digits;
        try
        {
            return JsonNode.Parse(json) as JsonValue ?? throw Error("invalid number");
        }
        catch (System.Text.Json.JsonException)
        {
            _pos = start;
            throw Error("invalid number");
        }
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r'))
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("unterminated /* comment");
                }
                _pos = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"expected '{c}'");
        }
        _pos++;
    }

    private FormatException Error(string what)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(_pos, _text.Length); i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }
        // Position only: the text around it may be a secret (an API key in env.vars).
        return new FormatException($"{what} at line {line}, column {column}");
    }
}
