using System.Globalization;

namespace Sigilum.LoadKit.Cpu;

/// <summary>
/// A process whose CPU a load run reports, named as it appears in the output: <c>--cpu-pid gateway=1234</c>.
/// The process's live descendants count too (nginx's workers, a launcher that did not exec).
/// </summary>
internal sealed record CpuTarget(string Name, int Pid)
{
    /// <summary>Parses <c>name=pid</c>; null when the name is empty or the pid is not a positive integer.</summary>
    public static CpuTarget? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var equals = text.LastIndexOf('=');
        if (equals <= 0)
        {
            return null;
        }
        var name = text[..equals].Trim();
        return name.Length > 0
               && int.TryParse(text.AsSpan(equals + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
               && pid > 0
            ? new CpuTarget(name, pid)
            : null;
    }
}
