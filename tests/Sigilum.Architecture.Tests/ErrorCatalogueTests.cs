using System.Reflection;
using System.Text.RegularExpressions;
using Sigilum.Protocol.Errors;

namespace Sigilum.Architecture;

/// <summary>
/// The error catalogue (ADR 0048) against the code and docs/errors.md, one direction per test so that one missing
/// thing fails one test: a code used in src/ that the catalogue lacks, a catalogue code without its row in
/// docs/errors.md, a row of docs/errors.md without a catalogue entry.
/// </summary>
public sealed partial class ErrorCatalogueTests
{
    [Fact]
    public void ErrorCatalogue_EveryConstant_IsAnUpperSnakeCodeWithAnEntryNamedAfterIt()
    {
        var problems = new List<string>();
        foreach (var field in typeof(ErrorCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var code = (string)field.GetRawConstantValue()!;
            var error = field.GetCustomAttribute<ErrorAttribute>();
            if (error is null)
            {
                problems.Add($"{field.Name}: no [Error(kind, status, title)]");
                continue;
            }
            if (!UpperSnake().IsMatch(code) || field.Name != string.Concat(code.Split('_').Select(w => w[0] + w[1..].ToLowerInvariant())))
            {
                problems.Add($"{field.Name} = \"{code}\": the code must be UPPER_SNAKE and the constant its PascalCase");
            }
            var statusFits = error.Kind switch
            {
                ErrorKind.Http => error.Status is >= 400 and <= 599,
                ErrorKind.CliExit => error.Status is >= 1 and <= 125,
                _ => error.Status == 0,
            };
            if (!statusFits || string.IsNullOrWhiteSpace(error.Title))
            {
                problems.Add($"{code}: status {error.Status} does not fit kind {error.Kind}, or the title is empty");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(ErrorCatalogue.All.Count, ErrorCatalogue.All.Select(e => e.Code).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void CodeClasses_EveryConstant_IsInTheCatalogue()
    {
        var missing = ErrorCodeSources.CodeClassConstants()
            .Where(c => ErrorCatalogue.Find(c.Value) is null)
            .Select(c => $"{c.Where} = \"{c.Value}\"")
            .ToList();

        Assert.True(missing.Count == 0,
            "Error codes not in the catalogue (add them to src/Sigilum.Protocol/Errors/ErrorCatalogue.cs and reference the constant):"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void SourceLiterals_EveryUpperSnakeCode_IsInTheCatalogue()
    {
        var missing = ErrorCodeSources.SourceLiterals()
            .Where(l => ErrorCatalogue.Find(l.Value) is null)
            .Select(l => $"{l.Where}: \"{l.Value}\"")
            .ToList();

        Assert.True(missing.Count == 0,
            "UPPER_SNAKE literals in src/ that are not catalogued error codes: catalogue the code (and use its ErrorCatalogue constant), "
            + "or, for an environment variable or another program's name, list it in ErrorCodeSources.NotCodes:"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void StatusBesideACode_InSources_IsTheCataloguesStatus()
    {
        var sites = ErrorCodeSources.StatusesBesideCodes().ToList();

        var wrong = sites
            .Where(s => ErrorCatalogue.Find(s.Code) is not { } entry || entry.Kind != ErrorKind.Http || entry.Status != s.Status)
            .Select(s => $"{s.Where}: {s.Status} {s.Code}, the catalogue says {ErrorCatalogue.Find(s.Code)?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}")
            .ToList();

        // The vault's refusals are all written this way; finding none would mean the pattern broke, not that all is well.
        Assert.True(sites.Count >= 30, $"only {sites.Count} status-beside-code sites found");
        Assert.True(wrong.Count == 0, "Statuses that disagree with the error catalogue:" + Environment.NewLine + string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Catalogue_EveryCode_HasItsRowInErrorsMd()
    {
        var text = File.ReadAllText(ErrorCodeSources.ErrorsMdPath);

        var missing = ErrorCatalogue.All
            .Where(e => !text.Contains($"<a id=\"{e.Anchor}\"></a>`{e.Code}`", StringComparison.Ordinal))
            .Select(e => $"| <a id=\"{e.Anchor}\"></a>`{e.Code}` | {(e.Kind == ErrorKind.Http ? e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.Kind.ToString())} | {e.Title} |")
            .ToList();

        Assert.True(missing.Count == 0,
            "Catalogue codes without their row in docs/errors.md (add a row in the right section):"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void ErrorsMd_EveryListedCode_IsInTheCatalogue()
    {
        var missing = ErrorCodeSources.ErrorsMdCodes()
            .Where(c => !c.DocumentedOnly && ErrorCatalogue.Find(c.Code) is null)
            .Select(c => $"docs/errors.md:{c.Line}: {c.Code}")
            .ToList();

        Assert.True(missing.Count == 0,
            $"docs/errors.md lists codes the catalogue lacks: catalogue them, or mark the row \"{ErrorCodeSources.DocumentedOnlyMark} <reason>)\":"
            + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UpperSnake();
}
