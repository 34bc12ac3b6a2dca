namespace Sigilum.Architecture;

public sealed class DependencyArrowTests
{
    [Fact]
    public void ProductAssemblies_InOutputDirectory_IncludeTheExistingProjects()
    {
        var components = ProductAssemblies.Ours.Select(a => DependencyRules.ComponentOf(a.Name)).ToList();

        // Guards against the arrow test passing because it found nothing to check.
        Assert.Contains("Protocol", components);
        Assert.Contains("Sdk", components);
        Assert.Contains("Cli", components);
    }

    [Fact]
    public void ProductAssemblies_InOutputDirectory_ReferenceOnlyAllowedAssemblies()
    {
        var references = ProductAssemblies.Ours.ToDictionary(a => a.Name, a => a.References);

        var violations = ArrowChecker.Check(references);

        Assert.True(violations.Count == 0, "Wrong arrows:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void ProductAssemblies_InOutputDirectory_AllHaveAComponentInTheTable()
    {
        // An assembly with our company attribute but an unmapped name (a new command name, say)
        // would otherwise escape the check.
        var unmapped = ProductAssemblies.Ours
            .Where(a => DependencyRules.ComponentOf(a.Name) is not { } c || !DependencyRules.Allowed.ContainsKey(c))
            .Select(a => a.Name)
            .ToList();

        Assert.True(unmapped.Count == 0, "Not in DependencyRules: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void Protocol_References_NoAspNetCoreAndNoMicrosoftExtensions()
    {
        var protocol = ProductAssemblies.Ours.Single(a => a.Name == "Sigilum.Protocol");

        Assert.DoesNotContain(protocol.References, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(protocol.References, r => r.StartsWith("Microsoft.Extensions", StringComparison.Ordinal));
    }

    [Fact]
    public void ProductAssemblies_UseNoForbiddenTypes()
    {
        var violations = new List<string>();
        foreach (var assembly in ProductAssemblies.Ours)
        {
            var component = DependencyRules.ComponentOf(assembly.Name);
            var forbidden = component is null ? [] : DependencyRules.ForbiddenTypePrefixes.GetValueOrDefault(component, []);
            violations.AddRange(assembly.TypeReferences
                .Where(t => forbidden.Any(p => t.StartsWith(p, StringComparison.Ordinal)))
                .Select(t => $"{assembly.Name} uses {t}"));
        }

        Assert.True(violations.Count == 0, "Forbidden types:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Rules_OnlyClisReferenceHosts()
    {
        var offenders = DependencyRules.Allowed
            .Where(rule => rule.Value.Intersect(DependencyRules.Hosts).Any() && !DependencyRules.Clis.Contains(rule.Key))
            .Select(rule => rule.Key);

        Assert.Empty(offenders);
    }

    [Fact]
    public void Rules_EveryAllowedTargetIsAComponentInTheTable()
    {
        var unknown = DependencyRules.Allowed.Values.SelectMany(v => v).Where(t => !DependencyRules.Allowed.ContainsKey(t));

        Assert.Empty(unknown);
    }

    [Fact]
    public void Rules_HaveNoCycles()
    {
        foreach (var start in DependencyRules.Allowed.Keys)
        {
            var seen = new HashSet<string>();
            var frontier = new Stack<string>(DependencyRules.Allowed[start]);
            while (frontier.TryPop(out var next))
            {
                Assert.NotEqual(start, next);
                if (seen.Add(next))
                {
                    foreach (var target in DependencyRules.Allowed[next])
                    {
                        frontier.Push(target);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("Sigilum.Protocol", "Sigilum.Sdk")]
    [InlineData("Sigilum.Core", "Sigilum.Gateway")]
    [InlineData("Sigilum.Sdk", "Sigilum.Core")]
    [InlineData("Sigilum.AspNetCore", "Sigilum.Storage.Sqlite")]
    [InlineData("Sigilum.Gateway", "Sigilum.Vault")]
    [InlineData("Sigilum.Storage.Sqlite", "Sigilum.Storage.Postgres")]
    [InlineData("Sigilum.Storage", "Sigilum.Storage.Sqlite")]
    [InlineData("Sigilum.Storage", "Sigilum.Storage.Postgres")]
    [InlineData("sigilum", "Sigilum.Core")]
    [InlineData("sigil-vault", "Sigilum.Gateway")]
    public void Check_WrongArrow_ReportsIt(string from, string to)
    {
        var violations = ArrowChecker.Check(Refs((from, [to, "System.Runtime"])));

        var violation = Assert.Single(violations);
        Assert.Contains($"{from} -> {to}", violation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore.Http.Abstractions")]
    [InlineData("Microsoft.Extensions.Logging.Abstractions")]
    public void Check_ProtocolReferencingWebOrExtensions_ReportsIt(string reference)
    {
        var violations = ArrowChecker.Check(Refs(("Sigilum.Protocol", [reference])));

        Assert.Single(violations);
    }

    [Fact]
    public void Check_UnknownProductAssembly_ReportsIt()
    {
        var violations = ArrowChecker.Check(Refs(("Sigilum.Mystery", ["Sigilum.Protocol"])));

        Assert.Contains("not in the DependencyRules table", Assert.Single(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AllowedArrowsAndTestSide_ReportNothing()
    {
        var violations = ArrowChecker.Check(Refs(
            ("Sigilum.Gateway", ["Sigilum.AspNetCore", "Sigilum.Core", "Sigilum.Protocol", "Sigilum.Storage.Postgres", "Microsoft.AspNetCore.Http"]),
            ("sigilum", ["Sigilum.Sdk", "Sigilum.Gateway", "Sigilum.ControlPlane", "Sigilum.Vault"]),
            ("Sigilum.Protocol", ["System.Runtime", "NSec.Cryptography"]),
            ("Sigilum.Gateway.Tests", ["Sigilum.Gateway", "Sigilum.Testing"])));

        Assert.Empty(violations);
    }

    private static Dictionary<string, IReadOnlyCollection<string>> Refs(params (string Assembly, string[] References)[] entries) =>
        entries.ToDictionary(e => e.Assembly, e => (IReadOnlyCollection<string>)e.References);
}
