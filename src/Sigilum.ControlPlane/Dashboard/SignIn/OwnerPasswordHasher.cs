using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.ControlPlane.Dashboard.SignIn;

/// <summary>
/// The optional owner password: PBKDF2-HMAC-SHA256 with OWASP's recommended 600,000 iterations (Password Storage
/// Cheat Sheet, 2023) and a 16-byte random salt. Stored as <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt&gt;$&lt;hash&gt;</c>
/// (base64), so the iteration count can be raised later and older hashes still verify.
/// </summary>
public static class OwnerPasswordHasher
{
    public const int Iterations = 600_000;
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password, int iterations = Iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(password, salt, iterations);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>False for a wrong password and for a stored value that is not ours (never throws on bad data).</summary>
    public static bool Verify(string password, string? stored)
    {
        ArgumentNullException.ThrowIfNull(password);
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 } || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations is < 1 or > 10_000_000)
        {
            return false;
        }
        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            return expected.Length == HashBytes && CryptographicOperations.FixedTimeEquals(Derive(password, salt, iterations), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Why a new password is not acceptable, or null.</summary>
    public static string? Problem(string? password, string? confirmation) => password switch
    {
        null or { Length: < MinimumLength } => $"Use at least {MinimumLength} characters.",
        { Length: > MaximumLength } => $"Use at most {MaximumLength} characters.",
        _ when !string.Equals(password, confirmation, StringComparison.Ordinal) => "The two passwords do not match.",
        _ => null,
    };

    private static byte[] Derive(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
