using System.CommandLine;

namespace Sigilum.Cli.Local;

/// <summary>
/// The options of a command that works on this home's own files and servers: <c>--home</c> and <c>--json</c>, and the
/// step they share, resolving the home's paths.
/// </summary>
internal sealed class HomeOptions
{
    public Option<string?> Home { get; } = CommonOptions.Home();

    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>The options in help order, for <see cref="CommandDeclaration.Define"/>.</summary>
    public IEnumerable<Symbol> Symbols => [Home, Json];

    public SigilumPaths Paths(CliContext context, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        return context.ResolvePaths(parseResult.GetValue(Home));
    }

    public bool AsJson(ParseResult parseResult) => parseResult?.GetValue(Json) ?? throw new ArgumentNullException(nameof(parseResult));
}
