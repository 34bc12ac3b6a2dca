using System.Text;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Builds the RFC 9421 §2.5 signature base for the profile: one <c>"name": value</c> line per covered
/// component, then the <c>"@signature-params"</c> line, joined by LF with no trailing newline.
/// <c>@method</c> is lower-cased (a deliberate Sigilum deviation from RFC 9421 §2.2.1).
/// </summary>
public static class SignatureBase
{
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
        var builder = new StringBuilder(parametersText.Length + targetUri.Length + 1024);
        foreach (var component in parameters.Components)
        {
            string? value = component switch
            {
                "@method" => method.ToLowerInvariant(),
                "@target-uri" => targetUri,
                _ when component.StartsWith('@') => null,
                _ => headerValue(component)?.Trim(' ', '\t'),
            };
            if (string.IsNullOrEmpty(value))
            {
                return Result<string>.Fail(SignatureErrorCodes.SigningBaseInvalid, $"Cannot build the signature base: component \"{component}\" is missing or empty.");
            }
            if (!IsVisibleAscii(value))
            {
                return Result<string>.Fail(SignatureErrorCodes.SigningBaseInvalid, $"Cannot build the signature base: component \"{component}\" has control or non-ASCII characters.");
            }
            builder.Append('"').Append(component).Append("\": ").Append(value).Append('\n');
        }
        builder.Append("\"@signature-params\": ").Append(parametersText);
        return Result<string>.Ok(builder.ToString());
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
