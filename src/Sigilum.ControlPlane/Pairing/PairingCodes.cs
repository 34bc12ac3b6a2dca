using System.Security.Cryptography;
using Sigilum.Core.Ids;

namespace Sigilum.ControlPlane.Pairing;

/// <summary>
/// Pairing session ids and codes (spec §4.10): an unguessable session id (a v4 UUID) plus an 8-character code from
/// an alphabet without look-alikes, typed by a person on the gateway's machine. Only the SHA-256 of
/// <c>pair:&lt;session&gt;:&lt;CODE&gt;</c> is stored, so the database never holds a usable code.
/// </summary>
internal static class PairingCodes
{
    public const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 8;

    public static string NewSessionId() => Guid.NewGuid().ToString("D");

    public static string NewCode()
    {
        Span<char> code = stackalloc char[CodeLength];
        for (var i = 0; i < code.Length; i++)
        {
            code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(code);
    }

    /// <summary>The stored hash for a session and code; the code is compared case-insensitively, as people type it.</summary>
    public static string Hash(string sessionId, string code) =>
        IdGenerator.HashToken("pair:" + sessionId.Trim().ToLowerInvariant() + ":" + code.Trim().ToUpperInvariant());

    public static bool LooksValid(string? sessionId, string? code) =>
        Guid.TryParseExact(sessionId?.Trim(), "D", out _) &&
        code?.Trim() is { Length: CodeLength } trimmed && trimmed.ToUpperInvariant().All(Alphabet.Contains);
}
