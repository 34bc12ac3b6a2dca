using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// <c>openclaw.json</c>: read as JSON5 (as OpenClaw reads it), written back as plain JSON with a 2-space indent (comments
/// and JSON5 spellings do not survive a change; the plan says so), owner-only (0600), after a 0600 backup beside it.
/// </summary>
internal sealed class OpenClawConfigFile
{
    /// <summary>Configs are small; a larger file is not one (and would be read whole).</summary>
    private const int MaxBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // A person edits this file: keep non-ASCII text and characters like '+' and '<' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private OpenClawConfigFile(string path, bool exists, byte[] original, JsonObject root, bool plainJson)
    {
        Path = path;
        Exists = exists;
        Original = original;
        Root = root;
        IsPlainJson = plainJson;
    }

    public string Path { get; }

    public bool Exists { get; }

    /// <summary>The file's bytes as read (empty when it does not exist).</summary>
    public byte[] Original { get; }

    /// <summary>The parsed document; callers change it, then <see cref="Save"/>.</summary>
    public JsonObject Root { get; }

    /// <summary>False when the file used JSON5 features (comments, unquoted keys, …) that a write replaces.</summary>
    public bool IsPlainJson { get; }

    public static OpenClawConfigFile Load(string path)
    {
        if (!File.Exists(path))
        {
            return new OpenClawConfigFile(path, exists: false, [], [], plainJson: true);
        }
        byte[] bytes;
        try
        {
            bytes = PrivateFiles.ReadBounded(path, MaxBytes);
        }
        catch (InvalidDataException)
        {
            throw new CliException(ExitCodes.InvalidData, $"{path} is larger than {MaxBytes / (1024 * 1024)} MB; that is not an OpenClaw config.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"Cannot read {path} ({ex.Message}).");
        }
        var text = Encoding.UTF8.GetString(bytes);
        JsonNode? node;
        try
        {
            node = string.IsNullOrWhiteSpace(text) ? new JsonObject() : Json5.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliException(ExitCodes.InvalidData, $"{path} is not valid JSON5: {ex.Message}. Fix it (openclaw config validate) and run again; nothing was changed.");
        }
        if (node is not JsonObject root)
        {
            throw new CliException(ExitCodes.InvalidData, $"{path} must hold a JSON object at the top; nothing was changed.");
        }
        return new OpenClawConfigFile(path, exists: true, bytes, root, IsStrictJson(text));
    }

    /// <summary>The document as it would be written: plain JSON, 2-space indent, trailing newline.</summary>
    public byte[] Serialize() => Serialize(Root);

    public static byte[] Serialize(JsonNode root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return Encoding.UTF8.GetBytes(root.ToJsonString(WriteOptions) + "\n");
    }

    /// <summary>True when the document now differs in value from the file as read.</summary>
    public bool Changed(JsonObject original) => !JsonNode.DeepEquals(original, Root);

    /// <summary>
    /// Copies <paramref name="content"/> (the file as read, unless the caller redacted it) to
    /// <c>openclaw.json.sigilum-backup-&lt;UTC time&gt;</c> beside it, 0600; returns the backup's path, or null when there
    /// was no file to back up.
    /// </summary>
    public string? Backup(TimeProvider time, byte[]? content = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!Exists)
        {
            return null;
        }
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var backup = Path + ".sigilum-backup-" + stamp;
        for (var n = 2; File.Exists(backup); n++)
        {
            backup = Path + ".sigilum-backup-" + stamp + "-" + n.ToString(CultureInfo.InvariantCulture);
        }
        PrivateFiles.WriteAtomically(backup, content ?? Original, overwrite: false);
        return backup;
    }

    /// <summary>Writes the document (0600, atomically). The directory is created owner-only when missing.</summary>
    public void Save()
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (!Directory.Exists(directory))
        {
            PrivateFiles.EnsurePrivateDirectory(directory);
        }
        PrivateFiles.WriteAtomically(Path, Serialize(), overwrite: true);
    }

    /// <summary>Would System.Text.Json read it as it stands (then a rewrite loses no comments or JSON5 spellings)?</summary>
    private static bool IsStrictJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
