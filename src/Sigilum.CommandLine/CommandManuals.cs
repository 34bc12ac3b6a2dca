using System.CommandLine;
using System.Reflection;

namespace Sigilum.CommandLine;

/// <summary>
/// One command line's manual: a Markdown document embedded in its assembly with one <c>## &lt;command path&gt;</c>
/// section per command (<c>## sigilum gateway start</c>). In a section the first paragraph is the one-line description,
/// the next paragraphs are the details, and a fenced block holds the examples, one a line. Keeping the text here
/// rather than beside each declaration leaves the declarations code only and gives writers one file to edit; a
/// command without a section, or a section without a command, fails when the root is built (every CLI test builds it).
/// </summary>
public sealed class CommandManuals
{
    private const string SectionMarker = "## ";
    private const string Fence = "```";

    private CommandManuals(IReadOnlyDictionary<string, CommandManual> byPath) => ByPath = byPath;

    /// <summary>The manual of each command, keyed by its path from the root's name (<c>sigil-vault routes add</c>).</summary>
    public IReadOnlyDictionary<string, CommandManual> ByPath { get; }

    /// <summary>Reads the manual embedded in <paramref name="assembly"/> under <paramref name="resourceName"/>.</summary>
    public static CommandManuals FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The manual {resourceName} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    public static CommandManuals Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var sections = new Dictionary<string, CommandManual>(StringComparer.Ordinal);
        string? path = null;
        var body = new List<string>();
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n').Append(SectionMarker))
        {
            if (!line.StartsWith(SectionMarker, StringComparison.Ordinal))
            {
                body.Add(line);
                continue;
            }
            if (path is not null && !sections.TryAdd(path, Section(path, body)))
            {
                throw new InvalidOperationException($"The manual has two sections for '{path}'.");
            }
            path = line[SectionMarker.Length..].Trim();
            body.Clear();
        }
        return new CommandManuals(sections);
    }

    /// <summary>
    /// Gives every command under <paramref name="root"/> its description and returns each command's manual for the help.
    /// Throws when a command has no section or a section names no command: the manual and the tree must agree.
    /// </summary>
    public IReadOnlyDictionary<Command, CommandManual> Attach(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var attached = new Dictionary<Command, CommandManual>();
        var missing = new List<string>();
        var unused = new HashSet<string>(ByPath.Keys, StringComparer.Ordinal);
        foreach (var (command, path) in Walk(root, root.Name))
        {
            if (ByPath.TryGetValue(path, out var manual))
            {
                command.Description = manual.Description;
                attached[command] = manual;
                unused.Remove(path);
            }
            else
            {
                missing.Add(path);
            }
        }
        if (missing.Count > 0 || unused.Count > 0)
        {
            throw new InvalidOperationException(
                $"The manual and the commands disagree: no section for [{string.Join(", ", missing)}]; " +
                $"no command for [{string.Join(", ", unused.Order(StringComparer.Ordinal))}].");
        }
        return attached;
    }

    private static IEnumerable<(Command Command, string Path)> Walk(Command command, string path)
    {
        yield return (command, path);
        foreach (var child in command.Subcommands)
        {
            foreach (var descendant in Walk(child, path + " " + child.Name))
            {
                yield return descendant;
            }
        }
    }

    // Paragraphs are blank-line separated and each may wrap over several lines; the fenced block keeps its lines as written.
    private static CommandManual Section(string path, List<string> body)
    {
        var paragraphs = new List<string>();
        var examples = new List<string>();
        var paragraph = new List<string>();
        var inFence = false;
        foreach (var line in body)
        {
            if (line.StartsWith(Fence, StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (inFence)
            {
                examples.Add(line);
            }
            else if (line.Trim().Length > 0)
            {
                paragraph.Add(line.Trim());
            }
            else if (paragraph.Count > 0)
            {
                paragraphs.Add(string.Join(' ', paragraph));
                paragraph.Clear();
            }
        }
        if (inFence)
        {
            throw new InvalidOperationException($"The manual's section '{path}' leaves its examples block open.");
        }
        if (paragraph.Count > 0)
        {
            paragraphs.Add(string.Join(' ', paragraph));
        }
        if (paragraphs.Count == 0)
        {
            throw new InvalidOperationException($"The manual's section '{path}' has no description.");
        }
        var details = paragraphs.Count > 1 ? string.Join('\n', paragraphs.Skip(1)) : null;
        return new CommandManual(paragraphs[0], details, examples);
    }
}
