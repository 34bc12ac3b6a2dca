using Sigilum.Vault.Http;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

internal sealed partial class RequestPipeline
{
    /// <summary>A request past the gate and the audit record: what release, forward and relay share.</summary>
    private sealed class Exchange(
        IAgentExchange agent, TunnelTarget target, BodyFraming framing, RouteConfig route, BackendConfig backend, Deadline budget, Outcome outcome, CancellationToken stopping)
    {
        public IAgentExchange Agent { get; } = agent;

        public TunnelTarget Target { get; } = target;

        /// <summary>The body's framing; an <c>aws-sts</c> route that buffered the body replaces it with its length.</summary>
        public BodyFraming Framing { get; set; } = framing;

        public RouteConfig Route { get; } = route;

        public BackendConfig Backend { get; } = backend;

        public Deadline Budget { get; } = budget;

        public Outcome Outcome { get; } = outcome;

        public CancellationToken Stopping { get; } = stopping;

        public string UrlAuthority => Target.Authority.ToUrlAuthority(Target.Scheme);

        /// <summary>Answers with the vault's own refusal after the release record: the outcome says why.</summary>
        public async Task<bool> FailAsync(int status, string code, string message)
        {
            Outcome.Status = status;
            Outcome.Code = code;
            await Agent.WriteErrorAsync(status, code, message, Stopping);
            return false;
        }
    }

    /// <summary>What happened after a release, filled in as the request goes.</summary>
    private sealed class Outcome(long releaseSeq)
    {
        public long ReleaseSeq { get; } = releaseSeq;

        public int Status { get; set; }

        public string Code { get; set; } = "client_aborted";

        public long Bytes { get; set; }

        public bool Reflected { get; set; }
    }
}
