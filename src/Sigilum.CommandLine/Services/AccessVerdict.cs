namespace Sigilum.CommandLine.Services;

/// <summary>How bad an isolation finding is: <see cref="Fail"/> means the agent's user can reach the data plane's secrets.</summary>
public enum AccessVerdict
{
    Ok,
    Info,
    Warn,
    Fail,
}
