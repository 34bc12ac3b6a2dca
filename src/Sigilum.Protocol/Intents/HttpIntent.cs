using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Intents;

/// <summary>
/// Sigil's HTTP intent <c>{"action":"http","method":...,"url":...}</c> (conformance vector
/// <c>http-method-rules-v2-1</c>). The method is kept exactly as given (Sigil does not upper-case it);
/// the URL is normalised by <see cref="IntentUrl"/> so a verifier can rebuild the same intent from
/// the request it sees and compare <see cref="Commitment"/> with the attested <c>intentHash</c>.
/// </summary>
public sealed record HttpIntent
{
    private HttpIntent(string method, string url)
    {
        Method = method;
        Url = url;
        Commitment = IntentCommitment.Compute(ToJson());
    }

    /// <summary>The HTTP method, as given.</summary>
    public string Method { get; }

    /// <summary>The normalised absolute URL.</summary>
    public string Url { get; }

    /// <summary><c>txCommit</c> and <c>intentHash</c> of this intent.</summary>
    public IntentCommitment Commitment { get; }

    /// <summary>Builds the intent; fails on a method that is not a token or a URL that does not normalise.</summary>
    public static Result<HttpIntent> Create(string? method, string? url)
    {
        if (!IsToken(method))
        {
            return Result<HttpIntent>.Fail(ErrorCatalogue.IntentMethodInvalid, "The method must be an RFC 9110 token.");
        }
        var normalized = IntentUrl.Normalize(url);
        return normalized.IsSuccess
            ? Result<HttpIntent>.Ok(new HttpIntent(method, normalized.Value))
            : Result<HttpIntent>.Fail(normalized.Error);
    }

    /// <summary>The intent object.</summary>
    public JsonObject ToJson() => new() { ["action"] = "http", ["method"] = Method, ["url"] = Url };

    /// <summary>The canonical JSON text that <c>txCommit</c> hashes.</summary>
    public string ToCanonicalJson() => CanonicalJson.Serialize(ToJson());

    // RFC 9110 §5.6.2: token = 1*tchar.
    private static bool IsToken([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 32)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }
        return true;
    }
}
