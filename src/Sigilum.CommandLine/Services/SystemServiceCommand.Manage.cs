using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.CommandLine.Services;

public static partial class SystemServiceCommand
{
    private static Command Uninstall(ServiceProfile profile, ServiceSystem system, CliOutput output)
    {
        var options = new SystemServiceOptions(profile);
        var purge = new Option<bool>("--purge") { Description = "Also delete the state directory (keys, database, audit log) and the system user. Irreversible." };
        var command = new Command("uninstall")
        {
            options.UnitDirectory, purge, options.Json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            RequireRoot(system, profile, "uninstall");
            var unitDirectory = parseResult.GetValue(options.UnitDirectory) is { } dir ? Path.GetFullPath(dir) : null;
            var unitFile = UnitFile(profile, system, unitDirectory);
            var installed = InstalledUnit.Read(unitFile);
            var systemctl = unitDirectory is null && system.HasSystemd;
            if (systemctl && installed is not null)
            {
                // Stop before the file goes, so systemd does not keep a unit it can no longer describe.
                await SystemctlOrFailAsync(profile, cancellationToken, "disable", "--now", SystemdUnit.FileName(profile.UnitName));
            }
            if (installed is not null)
            {
                File.Delete(unitFile);
                if (systemctl)
                {
                    await SystemctlOrFailAsync(profile, cancellationToken, "daemon-reload");
                }
            }
            string? purgedDirectory = null;
            string? removedUser = null;
            if (parseResult.GetValue(purge))
            {
                var stateDirectory = installed?.StateDirectory ?? profile.DefaultStateDirectory;
                if (SystemdUnit.IsPlainPath(stateDirectory) && stateDirectory != "/" && Directory.Exists(stateDirectory))
                {
                    Directory.Delete(stateDirectory, recursive: true);
                    purgedDirectory = stateDirectory;
                }
                var user = installed?.User ?? profile.DefaultUser;
                if (await ServiceSystem.FindUserAsync(user, cancellationToken) is { Uid: not 0 })
                {
                    var deleted = await ServiceSystem.RunAsync("userdel", [user], cancellationToken);
                    if (!deleted.Succeeded)
                    {
                        throw new CliException(ExitCodes.CheckFailed, $"userdel {user} failed: {deleted.Reason}");
                    }
                    removedUser = user;
                }
            }
            if (parseResult.GetValue(options.Json))
            {
                output.WriteJson(new JsonObject
                {
                    ["command"] = profile.CommandPath + " uninstall",
                    ["unitFile"] = unitFile,
                    ["removed"] = installed is not null,
                    ["purgedStateDirectory"] = purgedDirectory,
                    ["removedUser"] = removedUser,
                });
            }
            else
            {
                output.Out.WriteLine(installed is null ? $"No unit at {unitFile}; nothing to remove." : $"Stopped, disabled and removed {unitFile}.");
                if (purgedDirectory is not null)
                {
                    output.Out.WriteLine($"Deleted {purgedDirectory}.");
                }
                if (removedUser is not null)
                {
                    output.Out.WriteLine($"Removed system user {removedUser}.");
                }
                if (installed is not null && !parseResult.GetValue(purge))
                {
                    output.Out.WriteLine($"Kept the state in {installed.StateDirectory ?? profile.DefaultStateDirectory} (--purge deletes it).");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(ServiceProfile profile, ServiceSystem system, CliOutput output)
    {
        var options = new SystemServiceOptions(profile);
        var command = new Command("status") { options.UnitDirectory, options.Json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var unitDirectory = parseResult.GetValue(options.UnitDirectory) is { } dir ? Path.GetFullPath(dir) : null;
            var unitFile = UnitFile(profile, system, unitDirectory);
            var installed = InstalledUnit.Read(unitFile);
            var unitName = SystemdUnit.FileName(profile.UnitName);
            string? enabled = null;
            string? active = null;
            if (installed is not null && system.HasSystemd)
            {
                enabled = (await ServiceSystem.SystemctlAsync(cancellationToken, "is-enabled", unitName)).Output.Trim();
                active = (await ServiceSystem.SystemctlAsync(cancellationToken, "is-active", unitName)).Output.Trim();
            }
            var user = installed?.User is { } name ? await ServiceSystem.FindUserAsync(name, cancellationToken) : null;
            var state = installed?.StateDirectory is { } path ? UnixFileStatus.TryRead(path) : null;
            var stateOwner = state is null ? null : await ServiceSystem.UserNameAsync(state.Uid, cancellationToken);
            var ok = installed is not null && (!system.HasSystemd || active == "active");
            if (parseResult.GetValue(options.Json))
            {
                output.WriteJson(new JsonObject
                {
                    ["command"] = profile.CommandPath + " status",
                    ["unit"] = unitName,
                    ["unitFile"] = unitFile,
                    ["installed"] = installed is not null,
                    ["systemd"] = system.HasSystemd,
                    ["enabled"] = enabled,
                    ["active"] = active,
                    ["user"] = installed?.User,
                    ["userExists"] = user is not null,
                    ["uid"] = user?.Uid,
                    ["stateDirectory"] = installed?.StateDirectory,
                    ["stateDirectoryOwner"] = stateOwner,
                    ["stateDirectoryMode"] = state?.OctalMode,
                });
            }
            else if (installed is null)
            {
                output.Out.WriteLine($"Not installed: no {unitFile}. Install with: sudo {profile.CommandPath} install");
            }
            else
            {
                output.Out.WriteLine($"Installed: {unitFile}");
                output.Out.WriteLine(system.HasSystemd ? $"Enabled: {enabled}; active: {active}" : "systemd does not run on this machine: not enabled or started here.");
                output.Out.WriteLine($"User: {installed.User ?? "(none)"}{(user is null ? " (missing from the user database)" : $" (uid {user.Uid})")}");
                output.Out.WriteLine($"State: {installed.StateDirectory ?? "(none)"}{(state is null ? " (missing)" : $" (owner {stateOwner}, mode {state.OctalMode})")}");
                if (installed.StateDirectory is not null && state is not null && (state.IsOpenToOthers || (user is not null && state.Uid != user.Uid)))
                {
                    output.WriteWarning($"{installed.StateDirectory} should be mode 0700 and owned by {installed.User}: sudo chown -R {installed.User}: {installed.StateDirectory} && sudo chmod 700 {installed.StateDirectory}");
                }
            }
            return ok ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }
}
