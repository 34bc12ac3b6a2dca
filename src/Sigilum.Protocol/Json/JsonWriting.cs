using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sigilum.Protocol.Json;

/// <summary>Shared JSON settings. Relaxed escaping matches JavaScript's JSON.stringify for ASCII text.</summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions Pretty = new() { Indented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bounded parsing for untrusted input: shallow depth, no comments, no trailing commas.</summary>
    public static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };
}
