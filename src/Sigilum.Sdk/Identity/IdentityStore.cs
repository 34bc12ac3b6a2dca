using System.Security.Cryptography;
using System.Text;
using Sigilum.Protocol;
using Sigilum.Protocol.Identity;

namespace Sigilum.Sdk.Identity;

/// <summary>
/// Agent identities on disk, in the layout the reference SDKs use:
/// <c>&lt;home&gt;/identities/&lt;namespace&gt;/identity.json</c> (directory 0700, file 0600). An identity
/// created here works with the TypeScript, Go and Python SDKs and the other way round.
/// Expected failures come back as <see cref="Result{T}"/> values with an <see cref="IdentityErrorCodes"/> code.
/// </summary>
public sealed class IdentityStore
{
    /// <summary>Name of the identity file inside a namespace directory.</summary>
    public const string IdentityFileName = "identity.json";

    // A real identity file is about 1.2 KB; anything far larger is not one and is not read into memory.
    private const int MaxIdentityFileBytes = 64 * 1024;

    private readonly TimeProvider _time;
    private readonly Func<string, string?> _getEnvironmentVariable;

    /// <summary>Opens the store at the resolved home directory. Nothing is read or created yet.</summary>
    public IdentityStore(IdentityStoreOptions? options = null)
    {
        options ??= new IdentityStoreOptions();
        _time = options.TimeProvider;
        _getEnvironmentVariable = options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable;
        HomeDirectory = SigilumHome.Resolve(options.HomeDirectory, _getEnvironmentVariable);
    }

    /// <summary>The absolute home directory.</summary>
    public string HomeDirectory { get; }

    /// <summary><c>&lt;home&gt;/identities</c>.</summary>
    public string IdentitiesDirectory => Path.Combine(HomeDirectory, "identities");

    /// <summary>Path of the identity file for an already normalised namespace.</summary>
    public string GetIdentityPath(string ns) => Path.Combine(IdentitiesDirectory, ns, IdentityFileName);

    /// <summary>
    /// Creates the identity for <paramref name="ns"/>. If it exists and <paramref name="force"/> is false the
    /// existing one is loaded and returned with <c>Created = false</c>; with <paramref name="force"/> a new key
    /// replaces it (key rotation — the old key is gone for good).
    /// </summary>
    public Result<InitIdentityResult> InitIdentity(string ns, bool force = false)
    {
        if (!SigilumNamespace.TryNormalize(ns, out var normalized))
        {
            return Result<InitIdentityResult>.Fail(InvalidNamespace(ns));
        }
        var path = GetIdentityPath(normalized);
        if (!force && File.Exists(path))
        {
            return LoadExisting(normalized, path);
        }
        PrivateFiles.EnsurePrivateDirectory(HomeDirectory);
        PrivateFiles.EnsurePrivateDirectory(IdentitiesDirectory);
        PrivateFiles.EnsurePrivateDirectory(Path.GetDirectoryName(path)!);
        var record = IdentityRecord.Create(normalized, _time);
        var bytes = Encoding.UTF8.GetBytes(record.ToJson());
        try
        {
            if (!PrivateFiles.WriteAtomically(path, bytes, overwrite: force))
            {
                // Lost a race with another init: the identity that reached the disk first is the one.
                return LoadExisting(normalized, path);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
        return Result<InitIdentityResult>.Ok(new InitIdentityResult(true, record, path));
    }

    /// <summary>
    /// Loads an identity. The namespace is <paramref name="ns"/> when given, else <c>SIGILUM_NAMESPACE</c>,
    /// else the only identity in the store; zero or several identities without a choice is an error that
    /// lists what exists.
    /// </summary>
    public Result<IdentityRecord> LoadIdentity(string? ns = null)
    {
        var resolved = ResolveNamespace(ns);
        if (!resolved.IsSuccess)
        {
            return Result<IdentityRecord>.Fail(resolved.Error);
        }
        var path = GetIdentityPath(resolved.Value);
        if (!File.Exists(path))
        {
            return Result<IdentityRecord>.Fail(IdentityErrorCodes.NotFound,
                $"No identity for namespace '{resolved.Value}' in {IdentitiesDirectory}; create one with 'sigilum init {resolved.Value}'.");
        }
        return ReadRecord(resolved.Value, path);
    }

    /// <summary>
    /// Chooses the namespace the way <see cref="LoadIdentity"/> does, without reading the identity.
    /// </summary>
    public Result<string> ResolveNamespace(string? ns = null)
    {
        var candidate = string.IsNullOrWhiteSpace(ns) ? _getEnvironmentVariable(SigilumHome.NamespaceVariable) : ns;
        if (!string.IsNullOrWhiteSpace(candidate))
        {
            return SigilumNamespace.TryNormalize(candidate, out var normalized)
                ? Result<string>.Ok(normalized)
                : Result<string>.Fail(InvalidNamespace(candidate));
        }
        var all = ListNamespaces();
        return all.Count switch
        {
            1 => Result<string>.Ok(all[0]),
            0 => Result<string>.Fail(IdentityErrorCodes.NotFound,
                $"No identities in {IdentitiesDirectory}; create one with 'sigilum init <namespace>'."),
            _ => Result<string>.Fail(IdentityErrorCodes.Ambiguous,
                $"Several identities exist ({string.Join(", ", all)}); choose one with a namespace or {SigilumHome.NamespaceVariable}."),
        };
    }

    /// <summary>Namespaces that have an identity file, sorted ordinally. Missing home: empty list.</summary>
    public IReadOnlyList<string> ListNamespaces()
    {
        if (!Directory.Exists(IdentitiesDirectory))
        {
            return [];
        }
        return Directory.EnumerateDirectories(IdentitiesDirectory)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => SigilumNamespace.IsValid(name) && File.Exists(GetIdentityPath(name)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Result<InitIdentityResult> LoadExisting(string ns, string path)
    {
        var existing = ReadRecord(ns, path);
        return existing.IsSuccess
            ? Result<InitIdentityResult>.Ok(new InitIdentityResult(false, existing.Value, path))
            : Result<InitIdentityResult>.Fail(existing.Error);
    }

    private static Result<IdentityRecord> ReadRecord(string ns, string path)
    {
        byte[] bytes;
        try
        {
            bytes = PrivateFiles.ReadBounded(path, MaxIdentityFileBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return Result<IdentityRecord>.Fail(IdentityErrorCodes.Invalid, $"Cannot read {path}: {ex.Message}");
        }
        try
        {
            var parsed = IdentityRecord.Parse(Encoding.UTF8.GetString(bytes));
            if (!parsed.IsSuccess)
            {
                return Result<IdentityRecord>.Fail(IdentityErrorCodes.Invalid, $"{path}: {parsed.Error.Reason}");
            }
            if (parsed.Value.Namespace != ns)
            {
                return Result<IdentityRecord>.Fail(IdentityErrorCodes.Invalid,
                    $"{path} holds namespace '{parsed.Value.Namespace}', not '{ns}'.");
            }
            return parsed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static ProtocolError InvalidNamespace(string? ns) => new(IdentityErrorCodes.NamespaceInvalid,
        $"Invalid namespace '{Printable(ns)}': use 3-64 characters of a-z, 0-9 and '-', starting and ending with a letter or digit.");

    // Echoes caller input in a message: short and free of control characters so it stays one line.
    private static string Printable(string? value)
    {
        var text = new string((value ?? string.Empty).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length <= 80 ? text : text[..77] + "...";
    }
}
