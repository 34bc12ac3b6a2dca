namespace Sigilum.Architecture;

/// <summary>
/// Checks assembly references against <see cref="DependencyRules"/>. Pure (names in, violations
/// out) so a test can prove it catches a wrong arrow without building a wrong assembly.
/// </summary>
internal static class ArrowChecker
{
    /// <summary>
    /// Returns one readable line per violation; empty when every arrow is allowed.
    /// </summary>
    /// <param name="referencesByAssembly">Each product assembly's name → the names of the assemblies it references.</param>
    public static IReadOnlyList<string> Check(IReadOnlyDictionary<string, IReadOnlyCollection<string>> referencesByAssembly)
    {
        var violations = new List<string>();
        foreach (var (assembly, references) in referencesByAssembly.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var component = DependencyRules.ComponentOf(assembly);
            if (component is null)
            {
                continue;
            }
            if (!DependencyRules.Allowed.TryGetValue(component, out var allowed))
            {
                violations.Add($"{assembly}: not in the DependencyRules table; add its allowed arrows (DESIGN §3)");
                continue;
            }
            var forbidden = DependencyRules.ForbiddenExternalPrefixes.GetValueOrDefault(component, []);
            foreach (var reference in references.Order(StringComparer.Ordinal))
            {
                var target = DependencyRules.ComponentOf(reference);
                if (target is not null && target != component && !allowed.Contains(target, StringComparer.Ordinal))
                {
                    violations.Add($"{assembly} -> {reference}: {component} may reference only [{string.Join(", ", allowed)}]");
                }
                var prefix = forbidden.FirstOrDefault(p => reference.StartsWith(p, StringComparison.Ordinal));
                if (prefix is not null)
                {
                    violations.Add($"{assembly} -> {reference}: {component} must not reference {prefix}*");
                }
            }
        }
        return violations;
    }
}
