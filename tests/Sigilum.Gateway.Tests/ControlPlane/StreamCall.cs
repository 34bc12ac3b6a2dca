namespace Sigilum.Gateway.ControlPlane;

/// <summary>One stream request a <see cref="ScriptedControlPlane"/> received: its number (1, 2, …) and the challenge sent.</summary>
internal sealed record StreamCall(int Number, string Challenge);
