namespace Sigilum.Cli.OpenClaw.Assets;

/// <summary>One file the OpenClaw installer writes, relative to the OpenClaw state directory.</summary>
/// <param name="RelativePath">Forward-slash path under the state directory, e.g. <c>hooks/sigilum-plugin/handler.js</c>.</param>
/// <param name="Content">The file's bytes, exactly as shipped.</param>
/// <param name="Executable">True for helpers the agent runs (written 0700), false for data (0600).</param>
internal sealed record OpenClawAsset(string RelativePath, byte[] Content, bool Executable);
