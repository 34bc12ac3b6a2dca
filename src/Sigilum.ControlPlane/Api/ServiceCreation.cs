using Sigilum.Core.Services;

namespace Sigilum.ControlPlane.Api;

/// <summary>The outcome of creating a service: the service, or a validation problem, or a taken slug.</summary>
internal sealed record ServiceCreation(ServiceRecord? Service, string? Problem, bool IsSlugTaken)
{
    public static ServiceCreation Created(ServiceRecord service) => new(service, null, false);

    public static ServiceCreation Invalid(string problem) => new(null, problem, false);

    public static ServiceCreation SlugTaken(string problem) => new(null, problem, true);
}
