using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Builds the RFC 9421 §2.5 signature base for the profile: one <c>"name": value</c> line per covered
/// component, then the <c>"@signature-params"</c> line, joined by LF with no trailing newline.
/// <c>@method</c> is lower-cased (a deliberate Sigilum deviation from RFC 9421 §2.2.1).
/// </summary>
public static class SignatureBase
{
    private const string ParamsLabel = "\"@signature-params\": ";

    /// <summary>
    /// Builds the base. <paramref name="headerValue"/> returns the single value of a header or null when
    /// absent. Fails with <c>SIG_SIGNING_BASE_INVALID</c> for an unknown derived component, a missing or
    /// empty header, or a value with control or non-ASCII characters (which could forge extra lines,
    /// reliability SIG-28).
    /// </summary>
    public static Result<string> Build(SignatureParams parameters, string method, string targetUri, Func<string, string?> headerValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Build(parameters, parameters.ToText(), method, targetUri, headerValue);
    }

    /// <summary>
    /// <see cref="Build(SignatureParams, string, string, Func{string, string?})"/> with the signature-params text already
    /// at hand (the verifier takes it from the received header, <see cref="SignatureParams.TextOf"/>).
    /// </summary>
    internal static Result<string> Build(SignatureParams parameters, string parametersText, string method, string targetUri, Func<string, string?> headerValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(headerValue);
        // Values first (checked as before), then the base is written once into a string of exactly its length.
        var components = parameters.Components;
        var values = new string[components.Count];
        var length = ParamsLabel.Length + parametersText.Length;
        for (var i = 0; i < components.Count; i++)
        {
            var component = components[i];
            string? value = component switch
            {
                "@method" => method.ToLowerInvariant(),
                "@target-uri" => targetUri,
                _ when component.StartsWith('@') => null,
                _ => headerValue(component)?.Trim(' ', '\t'),
            };
            if (string.IsNullOrEmpty(value))
            {
                return Result<string>.Fail(ErrorCatalogue.SigSigningBaseInvalid, $"Cannot build the signature base: component \"{component}\" is missing or empty.");
            }
            if (!IsVisibleAscii(value))
            {
                return Result<string>.Fail(ErrorCatalogue.SigSigningBaseInvalid, $"Cannot build the signature base: component \"{component}\" has control or non-ASCII characters.");
            }
            values[i] = value;
            length += component.Length + value.Length + 5;
        }
        return Result<string>.Ok(string.Create(length, (components, values, parametersText), static (span, state) =>
        {
            var at = 0;
            for (var i = 0; i < state.components.Count; i++)
            {
                span[at++] = '"';
                state.components[i].CopyTo(span[at..]);
                at += state.components[i].Length;
                "\": ".CopyTo(span[at..]);
                at += 3;
                state.values[i].CopyTo(span[at..]);
                at += state.values[i].Length;
                span[at++] = '\n';
            }
            ParamsLabel.CopyTo(span[at..]);
            at += ParamsLabel.Length;
            state.parametersText.CopyTo(span[at..]);
        }));
    }

    private static bool IsVisibleAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
