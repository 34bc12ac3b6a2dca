using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace Sigilum.CommandLine.Services;

public static partial class SystemServiceCommand
{
    private static Command Install(ServiceProfile profile, ServiceSystem system, CliOutput output)
    {
        var options = new SystemServiceOptions(profile);
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the unit and what would be done; change nothing (no root needed)." };
        var command = new Command("install")
        {
            options.User, options.StateDirectory, options.UnitDirectory, dryRun, options.Json,
        };
        foreach (var option in profile.InstallOptions)
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var user = ResolveUser(profile, parseResult.GetValue(options.User));
            var stateDirectory = ResolveStateDirectory(profile, parseResult.GetValue(options.StateDirectory));
            var unitDirectory = parseResult.GetValue(options.UnitDirectory) is { } dir ? Path.GetFullPath(dir) : null;
            var installation = Installation(profile, system, unitDirectory, user, stateDirectory);
            var entryPoint = ServiceEntryPoint.Current(profile.CommandName, profile.EntryAssemblyPath);
            var unit = SystemdUnit.Render(profile, entryPoint, user, stateDirectory, profile.StartArguments(parseResult, stateDirectory));
            var problems = entryPoint.Problems();
            var startProblem = profile.Check(parseResult, stateDirectory);
            var fix = ServiceEntryPoint.ProblemFix(profile.CommandName == "sigilum" ? "Sigilum.Cli" : "Sigilum.Vault.Cli", profile.CommandName);
            var json = parseResult.GetValue(options.Json);
            if (parseResult.GetValue(dryRun))
            {
                if (json)
                {
                    var document = Describe(installation);
                    document["command"] = profile.CommandPath + " install";
                    document["dryRun"] = true;
                    document["unitText"] = unit;
                    document["problems"] = new JsonArray([.. problems.Append(startProblem).OfType<string>().Select(p => (JsonNode)p)]);
                    output.WriteJson(document);
                }
                else
                {
                    output.Out.Write(unit);
                    foreach (var problem in problems)
                    {
                        output.WriteWarning($"{problem}; {fix}");
                    }
                    if (startProblem is not null)
                    {
                        output.WriteWarning(startProblem);
                    }
                }
                return ExitCodes.Ok;
            }
            if (startProblem is not null)
            {
                throw new CliException(ExitCodes.Usage, startProblem);
            }
            RequireRoot(system, profile, "install");
            if (unitDirectory is null && !system.HasSystemd)
            {
                throw NoSystemd(system, profile);
            }
            if (problems.Count > 0)
            {
                throw new CliException(ExitCodes.CheckFailed, $"The service user could not run this command line: {string.Join("; ", problems)}. Fix: {fix}.");
            }
            var (account, userCreated) = await ServiceSystem.EnsureSystemUserAsync(user, stateDirectory, cancellationToken);
            await ServiceSystem.EnsurePrivateDirectoryAsync(stateDirectory, account, cancellationToken);
            WriteUnit(installation.UnitFile, unit);
            var started = false;
            if (unitDirectory is null)
            {
                await SystemctlOrFailAsync(profile, cancellationToken, "daemon-reload");
                await SystemctlOrFailAsync(profile, cancellationToken, "enable", "--now", SystemdUnit.FileName(profile.UnitName));
                started = true;
            }
            if (json)
            {
                var document = Describe(installation);
                document["command"] = profile.CommandPath + " install";
                document["userCreated"] = userCreated;
                document["uid"] = account.Uid;
                document["enabled"] = started;
                document["started"] = started;
                document["nextSteps"] = new JsonArray([.. profile.NextSteps(installation).Select(s => (JsonNode)s)]);
                output.WriteJson(document);
            }
            else
            {
                output.Out.WriteLine($"{(userCreated ? "Created" : "Using")} system user {account.Name} (uid {account.Uid}); state in {stateDirectory} (mode 0700).");
                output.Out.WriteLine($"Wrote {installation.UnitFile}.");
                output.Out.WriteLine(started
                    ? $"Enabled and started {SystemdUnit.FileName(profile.UnitName)}: it restarts on failure and starts at boot. Logs: journalctl -u {profile.UnitName}"
                    : $"Not enabled (--unit-dir): on the target machine run: systemctl daemon-reload && systemctl enable --now {SystemdUnit.FileName(profile.UnitName)}");
                foreach (var step in profile.NextSteps(installation))
                {
                    output.Out.WriteLine(step);
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteUnit(string path, string unit)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written beside and renamed over, so systemd never reads half a unit. 0644 like every unit: it holds no secret.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, unit, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task SystemctlOrFailAsync(ServiceProfile profile, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await ServiceSystem.SystemctlAsync(cancellationToken, arguments);
        if (!result.Succeeded)
        {
            throw new CliException(ExitCodes.CheckFailed,
                $"systemctl {string.Join(' ', arguments)} failed: {result.Reason}. See: systemctl status {profile.UnitName}; journalctl -u {profile.UnitName}");
        }
    }
}
