namespace Sigilum.Gateway.Forwarding;

/// <summary>A header the gateway sets upstream, e.g. <c>Authorization: Bearer &lt;secret&gt;</c>. The value is bytes so it can be zeroed.</summary>
internal sealed record InjectedHeader(string Name, byte[] Value);
