using Sigilum.Core.Usage.Reporting;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// How a released request ended, for <see cref="AgentRequestSteps.FinishAsync"/>: HTTP status, the audit/decision outcome
/// word, the usage outcome, the response size and which end line to write.
/// </summary>
internal sealed record AgentFinish(int Status, string Outcome, UsageOutcome UsageOutcome, long ResponseBytes, ProxyDecisionKind EndKind);
