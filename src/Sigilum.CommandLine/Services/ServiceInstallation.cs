namespace Sigilum.CommandLine.Services;

/// <summary>What an install resolved: the unit file, the user it runs as and the state directory (its Sigilum home).</summary>
public sealed record ServiceInstallation(string UnitName, string UnitFile, string User, string StateDirectory, string DataDirectory);
