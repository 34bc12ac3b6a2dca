using System.Text.Json;
using System.Text.Json.Serialization;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Witness;

/// <summary>
/// The vault's registration as a <c>vault</c> node of a namespace in a control plane (<c>sigil-vault connect</c>),
/// kept in <c>$SIGILUM_HOME/vault/witness.json</c> (0600). It holds no secret: the node signs with its own key,
/// and the owner's sign-in is used only by <c>connect</c>. <see cref="LastSentSeq"/> is the newest checkpoint
/// the witness acknowledged, so a restart does not resend (a lower seq would be refused as a regression).
/// <see cref="ControlPlaneKey"/> is the control plane's public key pinned at <c>connect</c> (ADR 0024): a witness answer
/// counts only when signed with it. A pairing from before ADR 0024 has none, and nothing is counted as witnessed until
/// <c>sigil-vault connect</c> is run again.
/// </summary>
internal sealed record WitnessPairing(
    [property: JsonPropertyName("api_url")] string ApiUrl,
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("node_id")] string NodeId,
    [property: JsonPropertyName("paired_at")] DateTimeOffset PairedAt,
    [property: JsonPropertyName("last_sent_seq")] long LastSentSeq,
    [property: JsonPropertyName("control_plane_key")] string? ControlPlaneKey = null)
{
    public const string FileName = "witness.json";

    public static string PathIn(VaultPaths paths) => System.IO.Path.Combine(paths.Directory, FileName);

    /// <summary>Null when the vault was never connected; throws <see cref="InvalidOperationException"/> for a broken file.</summary>
    public static WitnessPairing? Load(VaultPaths paths)
    {
        var path = PathIn(paths);
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<WitnessPairing>(File.ReadAllBytes(path))
                ?? throw new InvalidOperationException($"{path} is empty; run sigil-vault connect again.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not a valid pairing file; run sigil-vault connect again.", ex);
        }
    }

    /// <summary>Writes the file atomically (temp file 0600, fsync, rename).</summary>
    public void Save(VaultPaths paths)
    {
        var path = PathIn(paths);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(this));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
