using System.CommandLine;

namespace Sigilum.CommandLine;

/// <summary>The manual document both command lines embed: how a section reads, and that the manual and the tree must agree.</summary>
public sealed class CommandManualsTests
{
    private const string Tree = """
        ## demo

        A demo command line.

        ## demo run

        Run it.

        Runs the thing
        in one paragraph.

        A second paragraph.

        ```console
        demo run
        demo run --json
        ```
        """;

    [Fact]
    public void Parse_Section_DescriptionDetailsAndExamples()
    {
        var manual = CommandManuals.Parse(Tree).ByPath["demo run"];

        Assert.Equal("Run it.", manual.Description);
        Assert.Equal("Runs the thing in one paragraph.\nA second paragraph.", manual.Details);
        Assert.Equal(["demo run", "demo run --json"], manual.Examples);
    }

    [Fact]
    public void Parse_DescriptionOnly_NoDetailsNoExamples()
    {
        var manual = CommandManuals.Parse(Tree).ByPath["demo"];

        Assert.Equal("A demo command line.", manual.Description);
        Assert.Null(manual.Details);
        Assert.Empty(manual.Examples);
    }

    [Fact]
    public void Parse_TextBeforeTheFirstSection_Ignored()
    {
        var manuals = CommandManuals.Parse("# Title\n\nAbout this file.\n\n" + Tree);

        Assert.Equal(["demo", "demo run"], manuals.ByPath.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_TwoSectionsForOnePath_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CommandManuals.Parse(Tree + "\n## demo\n\nAgain.\n"));

        Assert.Contains("two sections for 'demo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ExamplesBlockLeftOpen_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CommandManuals.Parse("## demo\n\nA demo.\n\n```\ndemo\n"));

        Assert.Contains("leaves its examples block open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SectionWithoutDescription_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CommandManuals.Parse("## demo\n\n```\ndemo\n```\n"));

        Assert.Contains("'demo' has no description", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_EveryCommandHasASection_SetsDescriptionsAndReturnsManuals()
    {
        var run = CommandDeclaration.Define("run");
        var root = CommandDeclaration.Group("demo", run);

        var attached = CommandManuals.Parse(Tree).Attach(root);

        Assert.Equal("A demo command line.", root.Description);
        Assert.Equal("Run it.", run.Description);
        Assert.Equal(["demo run", "demo run --json"], attached[run].Examples);
    }

    [Fact]
    public void Attach_CommandWithoutSection_Throws()
    {
        var root = CommandDeclaration.Group("demo", CommandDeclaration.Define("run"), CommandDeclaration.Define("stop"));

        var error = Assert.Throws<InvalidOperationException>(() => CommandManuals.Parse(Tree).Attach(root));

        Assert.Contains("no section for [demo stop]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attach_SectionWithoutCommand_Throws()
    {
        var root = CommandDeclaration.Group("demo");

        var error = Assert.Throws<InvalidOperationException>(() => CommandManuals.Parse(Tree).Attach(root));

        Assert.Contains("no command for [demo run]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromResource_NotEmbedded_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CommandManuals.FromResource(typeof(CommandManualsTests).Assembly, "missing.md"));

        Assert.Contains("missing.md is not embedded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Define_UnsupportedSymbol_Throws()
    {
        Assert.Throws<ArgumentException>(() => CommandDeclaration.Define("run", new Directive("odd")));
    }
}
