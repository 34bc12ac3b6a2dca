using Microsoft.Playwright;

namespace Sigilum.Dashboard.Browser;

/// <summary>
/// Where failing tests leave a full-page screenshot (<c>SIGILUM_SCREENSHOTS</c>, default
/// <c>artifacts/playwright</c> under the repository), and where the docs' screenshots are written.
/// </summary>
public static class Screenshots
{
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("SIGILUM_SCREENSHOTS");
            var path = configured is { Length: > 0 } ? configured : Path.Combine(RepositoryRoot(), "artifacts", "playwright");
            System.IO.Directory.CreateDirectory(path);
            return path;
        }
    }

    public static async Task<string?> TryCaptureAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        try
        {
            var file = Path.Combine(Directory, string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            return file;
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sigilum.slnx")))
            {
                return dir.FullName;
            }
        }
        return System.IO.Directory.GetCurrentDirectory();
    }
}
