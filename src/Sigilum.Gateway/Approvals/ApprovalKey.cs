namespace Sigilum.Gateway.Approvals;

/// <summary>The lookup key of an approval: who (namespace and agent key) may use which service.</summary>
internal readonly record struct ApprovalKey(string Namespace, string PublicKey, string Service);
