using System.Text;

namespace Sigilum.Testing;

/// <summary>
/// Reliability MEM-04: after a run with a canary secret, every place the run wrote (files, logs, metrics,
/// responses) is searched for the canary in the spellings a leak would take: raw, base64 (padded, unpadded,
/// url-safe), hex (both cases) and percent-encoded.
/// </summary>
public static class CanaryScan
{
    /// <summary>A fresh canary with characters that base64, hex and percent-encoding all change.</summary>
    public static string NewCanary() => "sk+canary/" + Guid.NewGuid().ToString("N");

    /// <summary>The byte patterns searched for, by name.</summary>
    public static IReadOnlyList<(string Form, byte[] Bytes)> Forms(string canary)
    {
        ArgumentNullException.ThrowIfNull(canary);
        var raw = Encoding.UTF8.GetBytes(canary);
        var base64 = Convert.ToBase64String(raw);
        var forms = new List<(string, string)>
        {
            ("raw", canary),
            ("base64", base64),
            ("base64-unpadded", base64.TrimEnd('=')),
            ("base64url", base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')),
            ("hex", Convert.ToHexStringLower(raw)),
            ("HEX", Convert.ToHexString(raw)),
            ("percent", Uri.EscapeDataString(canary)),
        };
        return [.. forms.DistinctBy(f => f.Item2).Select(f => (f.Item1, Encoding.ASCII.GetBytes(f.Item2)))];
    }

    /// <summary>Where in <paramref name="content"/> (labelled <paramref name="where"/>) any form of the canary occurs.</summary>
    public static IEnumerable<string> Hits(string canary, string where, ReadOnlySpan<byte> content)
    {
        var hits = new List<string>();
        foreach (var (form, bytes) in Forms(canary))
        {
            if (content.IndexOf(bytes) >= 0)
            {
                hits.Add($"{where}: {form}");
            }
        }
        return hits;
    }

    /// <summary>Hits in text (logs, metrics, response bodies).</summary>
    public static IEnumerable<string> Hits(string canary, string where, string text) =>
        Hits(canary, where, Encoding.UTF8.GetBytes(text ?? string.Empty));

    /// <summary>
    /// Hits in every file under <paramref name="directory"/> (recursively) written at or after
    /// <paramref name="since"/>, read with sharing so files still open by a running process are included.
    /// Files that vanish or cannot be read while scanning (other tests' temp files) are skipped.
    /// </summary>
    public static IEnumerable<string> HitsInFiles(string canary, string directory, DateTime since, long maxBytes = 16L * 1024 * 1024)
    {
        var hits = new List<string>();
        IEnumerable<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint });
            files = [.. files];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return hits;
        }
        foreach (var file in files)
        {
            try
            {
                var info = new FileInfo(file);
                // Empty files cannot hold the canary; skipping them also skips FIFOs and sockets (size 0), whose
                // open() would block (every .NET process keeps clr-debug-pipe FIFOs in the temp directory).
                if (info.LastWriteTimeUtc < since || info.Length == 0 || info.Length > maxBytes)
                {
                    continue;
                }
                byte[] bytes;
                using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                {
                    bytes = new byte[stream.Length];
                    stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
                }
                hits.AddRange(Hits(canary, file, bytes));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or locked: another test's file, not ours.
            }
        }
        return hits;
    }
}
