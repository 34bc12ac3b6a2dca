namespace Sigilum.Cli.OpenClaw;

/// <summary>One file of the install plan: <c>create</c>, <c>update</c> (other bytes), <c>mode</c> (same bytes, wrong permissions), <c>rewrite</c> (--force) or <c>unchanged</c>.</summary>
internal sealed record InstallFileStep(string RelativePath, string FullPath, byte[] Content, bool Executable, string Action)
{
    public UnixFileMode Mode => Executable
        ? Sigilum.Sdk.Identity.PrivateFiles.DirectoryMode
        : Sigilum.Sdk.Identity.PrivateFiles.FileMode;

    public string ModeText => Executable ? "0700" : "0600";
}
