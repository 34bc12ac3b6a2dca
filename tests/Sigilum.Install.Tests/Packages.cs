using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;

namespace Sigilum.Install;

/// <summary>
/// The release folders the install tests use, made once per test class from the CLIs this test run built: version 1 of
/// both tools packed with <c>dotnet pack --no-build</c> (no compiler runs); version 2 the same packages with another
/// version in their .nuspec (what <c>--no-build -p:PackageVersion=…</c> would give, without two more minutes of packing);
/// and a broken version 3 of Sigilum.Cli whose gateway assembly is garbage — a release whose gateway cannot start, so
/// its health check fails. No hook in the product: the breakage is in the package.
/// </summary>
public sealed class Packages : IDisposable
{
    public Packages()
    {
        Root = Directory.CreateTempSubdirectory("sigilum-install-").FullName;
        // Unique versions per run: NuGet's package cache is keyed by id and version (the tests also give NuGet a cache of their own).
        var stamp = Guid.NewGuid().ToString("N")[..12];
        Version1 = "1.0.0-t" + stamp;
        Version2 = "2.0.0-t" + stamp;
        BrokenVersion = "3.0.0-t" + stamp;
        RepositoryRoot = FindRepositoryRoot();
        // Pack what this test run built: the same configuration as this test assembly.
#if DEBUG
        Configuration = "Debug";
#else
        Configuration = "Release";
#endif
        Pack(Feed1, Version1);
        Directory.CreateDirectory(Feed2);
        Directory.CreateDirectory(BrokenFeed);
        foreach (var id in new[] { "Sigilum.Cli", "Sigilum.Vault.Cli" })
        {
            var second = Path.Combine(Feed2, $"{id}.{Version2}.nupkg");
            File.Copy(Path.Combine(Feed1, $"{id}.{Version1}.nupkg"), second);
            Rewrite(second, Version2, breakGateway: false);
        }
        var broken = Path.Combine(BrokenFeed, $"Sigilum.Cli.{BrokenVersion}.nupkg");
        File.Copy(Path.Combine(Feed1, $"Sigilum.Cli.{Version1}.nupkg"), broken);
        Rewrite(broken, BrokenVersion, breakGateway: true);
    }

    public string Root { get; }

    public string RepositoryRoot { get; }

    public string Configuration { get; }

    public string Version1 { get; }

    public string Version2 { get; }

    public string BrokenVersion { get; }

    public string Feed1 => Path.Combine(Root, "release-1");

    public string Feed2 => Path.Combine(Root, "release-2");

    public string BrokenFeed => Path.Combine(Root, "release-3-broken");

    /// <summary>The tests' own NuGet package cache, so test versions never land in the user's ~/.nuget/packages.</summary>
    public string NuGetCache => Path.Combine(Root, "nuget-packages");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A server a failed test left running may hold a file; the OS temp cleaner gets it later.
        }
    }

    /// <summary>A fresh directory under this class's temp root.</summary>
    public string NewDirectory(string name) => Directory.CreateDirectory(Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    /// <summary>Runs a program as a user would: the tests' NuGet cache, no telemetry; fails the test on a timeout.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NUGET_PACKAGES"] = NuGetCache;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("SIGILUM_NAMESPACE");
        start.Environment.Remove("SIGILUM_API_URL");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private void Pack(string feed, string version)
    {
        foreach (var project in new[] { "Sigilum.Cli", "Sigilum.Vault.Cli" })
        {
            var result = RunAsync("dotnet", null, "pack", Path.Combine(RepositoryRoot, "src", project, project + ".csproj"), "-c", Configuration, "--no-build",
                "-o", feed, "--nologo", "-v", "quiet", "-p:PackageVersion=" + version).GetAwaiter().GetResult();
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed: {result.Stdout} {result.Stderr}");
            }
        }
    }

    /// <summary>Gives the package another version and, when asked, replaces its gateway assembly with bytes that are no assembly.</summary>
    private static void Rewrite(string package, string version, bool breakGateway)
    {
        using var zip = ZipFile.Open(package, ZipArchiveMode.Update);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        XDocument document;
        using (var stream = nuspec.Open())
        {
            document = XDocument.Load(stream);
        }
        document.Descendants().Single(e => e.Name.LocalName == "version" && e.Parent?.Name.LocalName == "metadata").Value = version;
        var name = nuspec.FullName;
        nuspec.Delete();
        using (var stream = zip.CreateEntry(name).Open())
        {
            document.Save(stream);
        }
        if (!breakGateway)
        {
            return;
        }
        var gateway = zip.Entries.Single(e => e.FullName.EndsWith("/Sigilum.Gateway.dll", StringComparison.Ordinal));
        var path = gateway.FullName;
        gateway.Delete();
        using (var stream = zip.CreateEntry(path).Open())
        {
            stream.Write("this is not an assembly"u8);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sigilum.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("No Sigilum.slnx above " + AppContext.BaseDirectory);
    }
}
