using System.Reflection;
using System.Text.RegularExpressions;
using Sigilum.Protocol.Errors;

namespace Sigilum.Architecture;

/// <summary>
/// Where error codes are written outside <see cref="ErrorCatalogue"/>: the constants of the per-area code classes
/// (read from the assemblies) and UPPER_SNAKE literals in src/ (read from the sources), and the codes docs/errors.md lists.
/// </summary>
internal static partial class ErrorCodeSources
{
    /// <summary>
    /// UPPER_SNAKE names in src/ that are not error codes: environment variables, algorithm names, keys of
    /// other programs' files. A new environment variable needs a line here (or a known prefix below).
    /// </summary>
    private static readonly HashSet<string> NotCodes = new(StringComparer.Ordinal)
    {
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "NO_COLOR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
        "NODE_EXTRA_CA_CERTS", "NODE_USE_ENV_PROXY", "DOTNET_ROOT", "LC_ALL", "SYSTEMD_PAGER", "SESSION_KEY",
        "ECDSA_P256", "SIGIL_VAULT_TOKEN", "AWS_SHARED_CREDENTIALS_FILE",
        // An environment variable that ends like a code: the doctor's per-probe deadline (Doctor/RemoteChecks).
        "SIGILUM_DOCTOR_TIMEOUT",
    };

    // Environment variables of our own programs and of OpenClaw. A literal with such a prefix counts as a code
    // only when it ends like one (GATEWAY_RELAY_TIMEOUT yes, GATEWAY_ADMIN_TOKEN no).
    private static readonly string[] EnvironmentPrefixes = ["SIGILUM_", "OPENCLAW_", "GATEWAY_"];

    /// <summary>The code classes' constant string fields: types named <c>*ErrorCodes</c> or <c>*Errors</c>, and any UPPER_SNAKE constant named <c>Code</c> or <c>…Code</c>.</summary>
    public static IEnumerable<(string Where, string Value)> CodeClassConstants()
    {
        foreach (var assembly in ProductAssemblies.Ours.Select(a => Assembly.Load(new AssemblyName(a.Name))))
        {
            foreach (var type in assembly.GetTypes())
            {
                if (type == typeof(ErrorCatalogue))
                {
                    continue;
                }
                var codeClass = type.Name.EndsWith("ErrorCodes", StringComparison.Ordinal) || type.Name.EndsWith("Errors", StringComparison.Ordinal);
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    // Outside the code classes a constant named …Code counts when it is UPPER_SNAKE: the vault's HTTP layer
                    // has lower-case markers (upstream_closed, body_too_large) that never reach a client.
                    if (field is { IsLiteral: true } && field.FieldType == typeof(string)
                        && field.GetRawConstantValue() is string value
                        && (codeClass || ((field.Name == "Code" || field.Name.EndsWith("Code", StringComparison.Ordinal)) && UpperSnakeValue().IsMatch(value))))
                    {
                        yield return ($"{type.FullName}.{field.Name}", value);
                    }
                }
            }
        }
    }

    /// <summary>
    /// UPPER_SNAKE string literals in src/**/*.cs outside the catalogue and outside comments, that are not known
    /// environment variables or names: wherever they stand, such a literal is an error code (passed to an error
    /// type, compared with a code, put in a message) and must be catalogued.
    /// </summary>
    public static IEnumerable<(string Where, string Value)> SourceLiterals()
    {
        var src = Path.Combine(TestSources.RepositoryRoot, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (IsBuildOutput(file) || Path.GetFileName(file) == "ErrorCatalogue.cs")
            {
                continue;
            }
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                if (line.StartsWith("//", StringComparison.Ordinal))
                {
                    continue;
                }
                foreach (Match match in UpperSnakeLiteral().Matches(line))
                {
                    var value = match.Groups["code"].Value;
                    if (NotCodes.Contains(value)
                        || (EnvironmentPrefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal)) && !LooksLikeAnErrorCode(value)))
                    {
                        continue;
                    }
                    yield return ($"{Path.GetRelativePath(TestSources.RepositoryRoot, file)}:{i + 1}", value);
                }
            }
        }
    }

    /// <summary>
    /// Call sites that still pass an HTTP status beside a code constant (the vault's refusals, the relay hub,
    /// dashboard pages): <c>403, ErrorCatalogue.NoRoute</c> or <c>StatusCodes.Status404NotFound, DashboardErrors.NotFound</c>,
    /// with the code the constant (or the error object's <c>Code</c>) stands for.
    /// </summary>
    public static IEnumerable<(string Where, int Status, string Code)> StatusesBesideCodes()
    {
        var types = ProductAssemblies.Ours
            .SelectMany(a => Assembly.Load(new AssemblyName(a.Name)).GetTypes())
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var src = Path.Combine(TestSources.RepositoryRoot, "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match match in StatusBesideCode().Matches(lines[i]))
                {
                    var status = int.Parse(match.Groups["status"].Success ? match.Groups["status"].Value : match.Groups["named"].Value, System.Globalization.CultureInfo.InvariantCulture);
                    if (!types.TryGetValue(match.Groups["type"].Value, out var candidates))
                    {
                        continue;
                    }
                    var codes = candidates
                        .Select(t => t.GetField(match.Groups["field"].Value, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
                        .Select(CodeOf)
                        .OfType<string>()
                        .Distinct(StringComparer.Ordinal)
                        .ToList();
                    if (codes.Count == 1)
                    {
                        yield return ($"{Path.GetRelativePath(TestSources.RepositoryRoot, file)}:{i + 1}", status, codes[0]);
                    }
                }
            }
        }
    }

    private static string? CodeOf(FieldInfo? field) => field switch
    {
        null => null,
        { IsLiteral: true } => field.GetRawConstantValue() as string,
        _ => field.GetValue(null) switch
        {
            string text => text,
            { } error => error.GetType().GetProperty("Code")?.GetValue(error) as string,
            null => null,
        },
    };

    /// <summary>The codes in the first column of docs/errors.md's tables, with their line numbers.</summary>
    public static IEnumerable<(int Line, string Code, bool DocumentedOnly)> ErrorsMdCodes()
    {
        var lines = File.ReadAllLines(ErrorsMdPath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith('|'))
            {
                continue;
            }
            var firstCell = lines[i].Split('|')[1];
            foreach (Match match in BacktickedCode().Matches(firstCell))
            {
                yield return (i + 1, match.Groups["code"].Value, lines[i].Contains(DocumentedOnlyMark, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>A row that lists a code on purpose without a catalogue entry says so, with its reason, in this mark.</summary>
    public const string DocumentedOnlyMark = "(documented only:";

    public static string ErrorsMdPath => Path.Combine(TestSources.RepositoryRoot, "docs", "errors.md");

    // An error code's shape, even with an environment-variable prefix: ends in a word that names a failure.
    private static bool LooksLikeAnErrorCode(string value) =>
        FailureSuffix().IsMatch(value);

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    [GeneratedRegex("\"(?<code>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex UpperSnakeLiteral();

    [GeneratedRegex(@"(?:\b(?<status>[1-5]\d\d)|StatusCodes\.Status(?<named>\d{3})\w*)\s*,\s*(?:[\w.]+\.)?(?<type>\w+(?:ErrorCodes|Errors)|ErrorCatalogue)\.(?<field>\w+)\b(?!\s*\()", RegexOptions.CultureInvariant)]
    private static partial Regex StatusBesideCode();

    [GeneratedRegex("^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UpperSnakeValue();

    [GeneratedRegex("`(?<code>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`", RegexOptions.CultureInvariant)]
    private static partial Regex BacktickedCode();

    [GeneratedRegex("_(?:INVALID|FAILED|MISMATCH|UNAVAILABLE|NOT_FOUND|NOT_ALLOWED|REQUIRED|TIMEOUT|DENIED|UNKNOWN|EXPIRED|CONFLICT|LIMITED|REFUSED|MISSING|FORBIDDEN|UNVERIFIED|NOT_CONNECTED)$", RegexOptions.CultureInvariant)]
    private static partial Regex FailureSuffix();
}
