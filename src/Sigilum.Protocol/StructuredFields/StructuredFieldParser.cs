using Sigilum.Protocol.Errors;


namespace Sigilum.Protocol.StructuredFields;

/// <summary>
/// A strict, bounded parser for RFC 9651 (Structured Field Values) dictionaries, the syntax of
/// <c>Signature-Input</c>, <c>Signature</c> and <c>Content-Digest</c>. It follows the RFC's parsing
/// algorithms (§4.2) with three pinned deviations, all towards refusing: duplicate dictionary keys and
/// duplicate parameters are errors instead of "last one wins" (reliability SIG-04: never verify one
/// member and enforce another); byte sequences must be canonical padded base64 (SIG-19: one spelling
/// per value); dates and display strings are not accepted. Runs in time linear in the input.
/// </summary>
internal sealed partial class StructuredFieldParser
{
    private readonly string _input;
    private readonly StructuredFieldLimits _limits;
    private int _pos;

    private StructuredFieldParser(string input, StructuredFieldLimits limits)
    {
        _input = input;
        _limits = limits;
    }

    private bool AtEnd => _pos >= _input.Length;

    private char Current => _input[_pos];

    /// <summary>Parses a whole field value as a dictionary (RFC 9651 §4.2.2).</summary>
    public static Result<IReadOnlyList<SfDictionaryMember>> ParseDictionary(string? input, StructuredFieldLimits? limits = null)
    {
        limits ??= StructuredFieldLimits.Default;
        if (input is null)
        {
            return Fail("missing field value");
        }
        if (input.Length > limits.MaxLength)
        {
            return Fail("field value too long");
        }
        var parser = new StructuredFieldParser(input, limits);
        try
        {
            return Result<IReadOnlyList<SfDictionaryMember>>.Ok(parser.ParseDictionaryBody());
        }
        catch (SfSyntaxException ex)
        {
            return Fail($"{ex.Message} at offset {parser._pos}");
        }
    }

    private static Result<IReadOnlyList<SfDictionaryMember>> Fail(string reason) =>
        Result<IReadOnlyList<SfDictionaryMember>>.Fail(ErrorCatalogue.SfSyntaxInvalid, "Structured field syntax error: " + reason + ".");

    private List<SfDictionaryMember> ParseDictionaryBody()
    {
        var members = new List<SfDictionaryMember>();
        SkipSp();
        while (!AtEnd)
        {
            var key = ParseKey();
            if (ContainsKey(members, key))
            {
                throw new SfSyntaxException($"duplicate dictionary key '{key}'");
            }
            if (members.Count >= _limits.MaxMembers)
            {
                throw new SfSyntaxException("too many dictionary members");
            }
            SfDictionaryMember member;
            if (!AtEnd && Current == '=')
            {
                _pos++;
                member = !AtEnd && Current == '('
                    ? new SfDictionaryMember(key, null, ParseInnerList())
                    : new SfDictionaryMember(key, ParseItem(), null);
            }
            else
            {
                member = new SfDictionaryMember(key, new SfItem(new BareItem(BareItemKind.Boolean, Boolean: true), ParseParameters()), null);
            }
            members.Add(member);
            SkipOws();
            if (AtEnd)
            {
                break;
            }
            Expect(',');
            SkipOws();
            if (AtEnd)
            {
                throw new SfSyntaxException("trailing comma");
            }
        }
        return members;
    }

    private SfInnerList ParseInnerList()
    {
        Expect('(');
        var items = new List<SfItem>();
        while (true)
        {
            SkipSp();
            if (AtEnd)
            {
                throw new SfSyntaxException("unterminated inner list");
            }
            if (Current == ')')
            {
                _pos++;
                return new SfInnerList(items, ParseParameters());
            }
            if (items.Count >= _limits.MaxInnerListItems)
            {
                throw new SfSyntaxException("too many inner list items");
            }
            items.Add(ParseItem());
            if (AtEnd)
            {
                throw new SfSyntaxException("unterminated inner list");
            }
            if (Current != ' ' && Current != ')')
            {
                throw new SfSyntaxException("inner list items must be separated by a space");
            }
        }
    }

    private SfItem ParseItem() => new(ParseBareItem(), ParseParameters());

    private List<SfParameter> ParseParameters()
    {
        var parameters = new List<SfParameter>();
        while (!AtEnd && Current == ';')
        {
            _pos++;
            SkipSp();
            var key = ParseKey();
            if (ContainsKey(parameters, key))
            {
                throw new SfSyntaxException($"duplicate parameter '{key}'");
            }
            if (parameters.Count >= _limits.MaxParameters)
            {
                throw new SfSyntaxException("too many parameters");
            }
            var value = new BareItem(BareItemKind.Boolean, Boolean: true);
            if (!AtEnd && Current == '=')
            {
                _pos++;
                value = ParseBareItem();
            }
            parameters.Add(new SfParameter(key, value));
        }
        return parameters;
    }

    private string ParseKey()
    {
        if (AtEnd || !(IsLcAlpha(Current) || Current == '*'))
        {
            throw new SfSyntaxException("a key must start with a lower-case letter or '*'");
        }
        var start = _pos;
        while (!AtEnd && (IsLcAlpha(Current) || char.IsAsciiDigit(Current) || Current is '_' or '-' or '.' or '*'))
        {
            _pos++;
        }
        return _input[start.._pos];
    }

    private void SkipSp()
    {
        while (!AtEnd && Current == ' ')
        {
            _pos++;
        }
    }

    private void SkipOws()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void Expect(char c)
    {
        if (AtEnd || Current != c)
        {
            throw new SfSyntaxException($"expected '{c}'");
        }
        _pos++;
    }

    private static bool IsLcAlpha(char c) => c is >= 'a' and <= 'z';

    // Loops rather than List.Exists with a lambda: no closure per key parsed (issue #13).
    private static bool ContainsKey(List<SfDictionaryMember> members, string key)
    {
        foreach (var member in members)
        {
            if (member.Key == key)
            {
                return true;
            }
        }
        return false;
    }

    private static bool ContainsKey(List<SfParameter> parameters, string key)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Key == key)
            {
                return true;
            }
        }
        return false;
    }

    private sealed class SfSyntaxException(string message) : Exception(message);
}
