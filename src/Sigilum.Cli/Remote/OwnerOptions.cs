using System.CommandLine;
using Sigilum.Cli.Local;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Remote;

/// <summary>
/// The options every owner command takes (<c>--api-url</c>, <c>--namespace</c>, <c>--home</c>) and the step
/// they share: find the stored owner token for that control plane and namespace, or explain how to get one.
/// </summary>
internal sealed class OwnerOptions
{
    public Option<string?> ApiUrl { get; } = CommonOptions.ApiUrl();

    public Option<string?> Namespace { get; } = CommonOptions.Namespace();

    public Option<string?> Home { get; } = CommonOptions.Home();

    /// <summary><c>--json</c>; not part of <see cref="SignIn"/> (commands place it themselves), but of <see cref="Symbols"/>.</summary>
    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>The owner options then <c>--json</c>, in help order, for <see cref="CommandDeclaration.Define"/>.</summary>
    public IEnumerable<Symbol> Symbols => [.. SignIn, Json];

    public bool AsJson(ParseResult parseResult) => parseResult?.GetValue(Json) ?? throw new ArgumentNullException(nameof(parseResult));

    /// <summary>The sign-in options alone (<c>--api-url</c>, <c>--namespace</c>, <c>--home</c>), for commands that place <c>--json</c> themselves.</summary>
    public IEnumerable<Symbol> SignIn => [ApiUrl, Namespace, Home];

    public OwnerSession Open(CliContext context, ParseResult parseResult) => Open(context, parseResult, null, null);

    /// <summary>The control plane these options name: <c>--api-url</c>, else <c>$SIGILUM_API_URL</c>, else the one this home runs, else the default.</summary>
    public Uri ResolveUrl(CliContext context, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        return Remote.ApiUrl.Resolve(context, parseResult.GetValue(ApiUrl), context.ResolvePaths(parseResult.GetValue(Home)));
    }

    /// <summary>
    /// The namespace's own identity, for the commands that sign with it instead of using an owner token
    /// (<c>auth login</c>, <c>namespace register</c>, <c>namespace show</c>). The caller disposes it.
    /// </summary>
    public SigningIdentity LoadSigningIdentity(CliContext context, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        return SigningIdentity.FromRecord(context.LoadIdentity(context.OpenStore(parseResult.GetValue(Home)), parseResult.GetValue(Namespace)));
    }

    /// <summary>As <see cref="Open(CliContext, ParseResult)"/>, with values to use when the flags are absent (e.g. an OpenClaw install's settings).</summary>
    public OwnerSession Open(CliContext context, ParseResult parseResult, string? apiUrlFallback, string? namespaceFallback)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        var store = context.OpenStore(parseResult.GetValue(Home));
        var paths = new SigilumPaths(store.HomeDirectory);
        var url = Remote.ApiUrl.Resolve(context, parseResult.GetValue(ApiUrl) ?? apiUrlFallback, paths);
        var ns = ResolveNamespace(store, parseResult.GetValue(Namespace) ?? namespaceFallback);
        var tokens = new OwnerTokenStore(paths);
        var token = tokens.Find(url, ns);
        var display = Remote.ApiUrl.Display(url);
        if (token is null)
        {
            var elsewhere = tokens.SignedInUrls(ns);
            throw new CliException(ExitCodes.Auth, elsewhere.Count == 0
                ? $"Not signed in to {display} as {ns}; {ApiProblems.SignInHint}"
                : $"Not signed in to {display} as {ns} (but to {string.Join(", ", elsewhere.Select(u => Remote.ApiUrl.Display(new Uri(u))))}: pass --api-url); {ApiProblems.SignInHint}");
        }
        if (token.ExpiresAt <= context.Environment.Time.GetUtcNow())
        {
            throw new CliException(ExitCodes.Auth, $"Your sign-in to {display} as {ns} expired at {token.ExpiresAt:u}; {ApiProblems.SignInHint}");
        }
        return new OwnerSession(ApiClient.Owner(context, url, token.Token), token, tokens.PathFor(ns));
    }

    public static string ResolveNamespace(IdentityStore store, string? ns)
    {
        ArgumentNullException.ThrowIfNull(store);
        var resolved = store.ResolveNamespace(ns);
        return resolved.IsSuccess ? resolved.Value : throw CliContext.IdentityFailure(resolved.Error);
    }
}
