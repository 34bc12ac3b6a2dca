using System.Globalization;
using Sigilum.Cli.Local;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Doctor;

/// <summary>File-mode checks: private keys, master keys and owner tokens 0600, the Sigilum home 0700 (DESIGN §4).</summary>
internal static class PermissionChecks
{
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static DoctorCheck Home(SigilumPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        const string label = "Sigilum home";
        if (!Directory.Exists(paths.Home))
        {
            return new(DoctorCheck.Fail, label, $"{paths.Home} does not exist.", "sigilum init <namespace> (or sigilum up) creates it");
        }
        if (OperatingSystem.IsWindows())
        {
            return new(DoctorCheck.Ok, label, paths.Home);
        }
        var mode = File.GetUnixFileMode(paths.Home);
        return (mode & GroupOrOther) == 0
            ? new(DoctorCheck.Ok, label, $"{paths.Home} (mode {Octal(mode)})")
            : new(DoctorCheck.Warn, label, $"{paths.Home} is mode {Octal(mode)}: other users can list or enter it.", $"chmod 700 {paths.Home}")
            {
                Repair = (paths.Home, PrivateFiles.DirectoryMode),
            };
    }

    /// <summary>A secret file: missing is <paramref name="missing"/> (INFO or FAIL), readable by others is FAIL.</summary>
    public static DoctorCheck SecretFile(string label, string path, DoctorCheck missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        if (!File.Exists(path))
        {
            return missing;
        }
        if (OperatingSystem.IsWindows())
        {
            return new(DoctorCheck.Ok, label, path);
        }
        var mode = File.GetUnixFileMode(path);
        return (mode & GroupOrOther) == 0
            ? new(DoctorCheck.Ok, label, $"{path} (mode {Octal(mode)})")
            : new(DoctorCheck.Fail, label, $"{path} holds a secret and is mode {Octal(mode)}: other users can read it.", $"chmod 600 {path}")
            {
                Repair = (path, PrivateFiles.FileMode),
            };
    }

    public static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0').ToString(CultureInfo.InvariantCulture);
}
