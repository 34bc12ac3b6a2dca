namespace Sigilum.ControlPlane.Dashboard.SignIn;

/// <summary>What the sign-in page shows.</summary>
/// <param name="Code">A usable one-time link's code, echoed into the confirm form.</param>
/// <param name="LinkNamespace">The namespace that link signs in to.</param>
/// <param name="Message">Why the person is here: expired session, signed out, a refused link or password.</param>
/// <param name="Namespace">The namespace typed into the password form, kept after a refusal.</param>
public sealed record SignInModel(string? Code, string? LinkNamespace, string? Message, string? Namespace = null);
