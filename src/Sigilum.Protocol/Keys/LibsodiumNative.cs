using System.Runtime.InteropServices;

namespace Sigilum.Protocol.Keys;

/// <summary>
/// The four libsodium entry points we use (libsodium 1.0.18, Debian package <c>libsodium23</c>).
/// Spans are passed as <c>ref byte</c> so the runtime pins them for the call without copying:
/// secret material therefore exists only in the caller's buffer, which the caller zeroes.
/// </summary>
internal static class LibsodiumNative
{
    public const string LibraryName = "libsodium.so.23";

    // Returns 0 on first success, 1 when already initialised, -1 on failure; thread-safe.
    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int sodium_init();

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int crypto_sign_seed_keypair(ref byte publicKey, ref byte secretKey, ref byte seed);

    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int crypto_sign_detached(ref byte signature, IntPtr signatureLength, ref byte message, ulong messageLength, ref byte secretKey);

    // Returns 0 when the signature is valid.
    [DllImport(LibraryName, CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int crypto_sign_verify_detached(ref byte signature, ref byte message, ulong messageLength, ref byte publicKey);
}
