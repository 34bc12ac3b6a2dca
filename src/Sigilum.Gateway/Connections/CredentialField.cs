namespace Sigilum.Gateway.Connections;

/// <summary>One input a catalogue template asks for (spec §3.7). <c>env_var</c> is only a dashboard hint.</summary>
internal sealed class CredentialField
{
    public string? Key { get; set; }

    public string? Label { get; set; }

    public string? Placeholder { get; set; }

    public string? EnvVar { get; set; }

    public bool Secret { get; set; }

    public bool Required { get; set; }

    public string? Help { get; set; }
}
