namespace Sigilum.Cli.Services;

/// <summary>One connection secret as given on the command line: its name and UTF-8 value (zeroed by <see cref="Dispose"/>).</summary>
internal sealed class SecretValue(string key, byte[] value) : IDisposable
{
    public string Key { get; } = key;

    public byte[] Value { get; } = value;

    public void Dispose() => Array.Clear(Value);
}
