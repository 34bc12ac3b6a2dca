using System.Text.Json;
using System.Text.Json.Serialization;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// The control-plane key this gateway trusts (ADR 0024), pinned when it was paired (<c>sigilum gateway connect</c>),
/// registered with the owner's sign-in (<c>sigilum gateway start</c>, first use) or started next to its control
/// plane (<c>sigilum up</c>), kept in <c>&lt;data&gt;/control-plane-key.json</c> (0600). Public because the CLI
/// writes and shows it. The key is public material; the file is private so that only the operator can change it.
/// </summary>
public sealed record ControlPlanePin
{
    public const string FileName = "control-plane-key.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The key, unpadded base64url of the raw 32 Ed25519 bytes.</summary>
    [JsonPropertyName("public_key")]
    public required string PublicKey { get; init; }

    /// <summary>The control plane it was pinned from (informational: the key, not the address, is trusted).</summary>
    [JsonPropertyName("api_url")]
    public string? ApiUrl { get; init; }

    /// <summary>How it was pinned: <c>pairing</c>, <c>registration</c> or <c>up</c>.</summary>
    [JsonPropertyName("source")]
    public string? Source { get; init; }

    [JsonPropertyName("pinned_at")]
    public DateTimeOffset PinnedAt { get; init; }

    /// <summary>The short fingerprint shown to people (<c>SHA256:…</c>).</summary>
    [JsonIgnore]
    public string Fingerprint => ControlPlaneKey.TryParse(PublicKey, out var key) ? ControlPlaneKey.Fingerprint(key) : "(invalid)";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    /// <summary>The pin in <paramref name="dataDirectory"/>; null when there is none. A broken file throws <see cref="InvalidOperationException"/>.</summary>
    public static ControlPlanePin? Read(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            var pin = JsonSerializer.Deserialize<ControlPlanePin>(bytes, Json);
            if (pin is null || !ControlPlaneKey.TryParse(pin.PublicKey, out _))
            {
                throw new InvalidOperationException($"{path} holds no valid control-plane key; re-pair with `sigilum gateway connect`.");
            }
            return pin;
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not a valid control-plane pin; re-pair with `sigilum gateway connect`.", ex);
        }
    }

    /// <summary>Writes the pin owner-only (temp file, then rename, so a reader never sees half a file).</summary>
    public void Write(string dataDirectory)
    {
        if (!ControlPlaneKey.TryParse(PublicKey, out _))
        {
            throw new InvalidOperationException("The control-plane key must be 32 bytes of unpadded base64url.");
        }
        Directory.CreateDirectory(dataDirectory);
        var path = PathIn(dataDirectory);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(this, Json));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// The key a gateway started with <paramref name="configured"/> (an explicit setting, which wins) and data
    /// directory <paramref name="dataDirectory"/> trusts; null when none is pinned (the gateway then trusts nothing).
    /// </summary>
    public static byte[]? Resolve(string? configured, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return ControlPlaneKey.TryParse(configured, out var key)
                ? key
                : throw new InvalidOperationException("Gateway:ControlPlaneKey must be the control plane's Ed25519 public key (32 bytes, unpadded base64url).");
        }
        return Read(dataDirectory) is { } pin && ControlPlaneKey.TryParse(pin.PublicKey, out var pinned) ? pinned : null;
    }
}
