using static Sigilum.Protocol.Errors.ErrorKind;

namespace Sigilum.Protocol.Errors;

/// <summary>
/// Every error code the product can emit, in one place (ADR 0048): the code (the constant's value, so it can be
/// used in <c>switch</c>, <c>const</c> and attributes), and on its <see cref="ErrorAttribute"/> what kind of code it is,
/// its HTTP status (or the CLI's exit code) and a short title. Each plane keeps its own wire format (Sigilum's envelope
/// on the gateway, problem+json on the control plane, <c>X-Sigil-Vault-Error</c> on the vault, one stderr line in the
/// CLIs) and takes status and title from here through <see cref="Entry(string)"/>. docs/errors.md has a row for every
/// code, at the anchor <see cref="ErrorEntry.Anchor"/>; Sigilum.Architecture.Tests fails when a code is used that is
/// not here, or when this list and docs/errors.md disagree. The constant's name is the code in PascalCase.
/// </summary>
public static partial class ErrorCatalogue
{
    // Control plane (problem+json).
    /// <summary>The request is invalid.</summary>
    [Error(Http, 400, "The request is invalid.")]
    public const string ValidationError = "VALIDATION_ERROR";
    /// <summary>The request body is not valid JSON.</summary>
    [Error(Http, 400, "The request body is not valid JSON.")]
    public const string InvalidJson = "INVALID_JSON";
    /// <summary>The request body is too large.</summary>
    [Error(Http, 413, "The request body is too large.")]
    public const string RequestBodyTooLarge = "REQUEST_BODY_TOO_LARGE";
    /// <summary>Authentication is required.</summary>
    [Error(Http, 401, "Authentication is required.")]
    public const string Unauthorized = "UNAUTHORIZED";
    /// <summary>Not allowed.</summary>
    [Error(Http, 403, "Not allowed.")]
    public const string Forbidden = "FORBIDDEN";
    /// <summary>Not found.</summary>
    [Error(Http, 404, "Not found.")]
    public const string NotFound = "NOT_FOUND";
    /// <summary>The resource is not in a state that allows this.</summary>
    [Error(Http, 409, "The resource is not in a state that allows this.")]
    public const string Conflict = "CONFLICT";
    /// <summary>The namespace is already registered.</summary>
    [Error(Http, 409, "The namespace is already registered.")]
    public const string NamespaceAlreadyRegistered = "NAMESPACE_ALREADY_REGISTERED";
    /// <summary>The namespace has a service with this slug.</summary>
    [Error(Http, 409, "The namespace has a service with this slug.")]
    public const string ServiceSlugTaken = "SERVICE_SLUG_TAKEN";
    /// <summary>The claim is not in a state that allows this decision.</summary>
    [Error(Http, 409, "The claim is not in a state that allows this decision.")]
    public const string ClaimStateConflict = "CLAIM_STATE_CONFLICT";
    /// <summary>The claim's nonce was already used for this service.</summary>
    [Error(Http, 409, "The claim's nonce was already used for this service.")]
    public const string NonceReplay = "NONCE_REPLAY";
    /// <summary>Too many requests.</summary>
    [Error(Http, 429, "Too many requests.")]
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>Something went wrong on our side.</summary>
    [Error(Http, 500, "Something went wrong on our side.")]
    public const string InternalError = "INTERNAL_ERROR";
    /// <summary>
    /// The database is unavailable: the control plane's, the gateway's store, or the vault's shared store (PostgreSQL) — the
    /// instance refuses rather than release unvouched, and serves again by itself once it answers (issue 18, ADRs 0067, 0068).
    /// </summary>
    [Error(Http, 503, "The database is unavailable.")]
    public const string DbUnavailable = "DB_UNAVAILABLE";
    /// <summary>The request is not signed.</summary>
    [Error(Http, 401, "The request is not signed.")]
    public const string SignatureMissing = "SIGNATURE_MISSING";
    /// <summary>The request signature is invalid.</summary>
    [Error(Http, 401, "The request signature is invalid.")]
    public const string SignatureInvalid = "SIGNATURE_INVALID";
    /// <summary>The request signature is too old or from the future.</summary>
    [Error(Http, 401, "The request signature is too old or from the future.")]
    public const string SignatureExpired = "SIGNATURE_EXPIRED";
    /// <summary>The signature does not cover the required components.</summary>
    [Error(Http, 401, "The signature does not cover the required components.")]
    public const string SignatureComponentsInvalid = "SIGNATURE_COMPONENTS_INVALID";
    /// <summary>The body does not match its signed digest.</summary>
    [Error(Http, 401, "The body does not match its signed digest.")]
    public const string SignatureDigestMismatch = "SIGNATURE_DIGEST_MISMATCH";
    /// <summary>This signed request was already used.</summary>
    [Error(Http, 409, "This signed request was already used.")]
    public const string SignatureNonceReplay = "SIGNATURE_NONCE_REPLAY";
    /// <summary>Replay protection is unavailable; try again.</summary>
    [Error(Http, 503, "Replay protection is unavailable; try again.")]
    public const string NonceStoreUnavailable = "NONCE_STORE_UNAVAILABLE";
    /// <summary>The signer's namespace does not match the request.</summary>
    [Error(Http, 403, "The signer's namespace does not match the request.")]
    public const string SignatureNamespaceMismatch = "SIGNATURE_NAMESPACE_MISMATCH";
    /// <summary>The signer's key does not match the request.</summary>
    [Error(Http, 403, "The signer's key does not match the request.")]
    public const string SignatureKeyMismatch = "SIGNATURE_KEY_MISMATCH";
    /// <summary>A usage batch holds 1-500 events.</summary>
    [Error(Http, 400, "A usage batch holds 1-500 events.")]
    public const string UsageBatchSizeInvalid = "USAGE_BATCH_SIZE_INVALID";
    /// <summary>An event of the batch is malformed; nothing of the batch was stored.</summary>
    [Error(Http, 400, "An event of the batch is malformed; nothing of the batch was stored.")]
    public const string UsageEventInvalid = "USAGE_EVENT_INVALID";
    /// <summary>The pairing session or code is invalid, expired or already used.</summary>
    [Error(Http, 403, "The pairing session or code is invalid, expired or already used.")]
    public const string PairingCodeInvalid = "PAIRING_CODE_INVALID";
    /// <summary>The signing key is not a gateway or vault registered to the namespace.</summary>
    [Error(Http, 403, "The signing key is not a gateway or vault registered to the namespace.")]
    public const string NodeNotRegistered = "NODE_NOT_REGISTERED";
    /// <summary>No open claim stream of this node has that challenge.</summary>
    [Error(Http, 404, "No open claim stream of this node has that challenge.")]
    public const string StreamUnknown = "STREAM_UNKNOWN";
    /// <summary>That position was not sent on this stream.</summary>
    [Error(Http, 409, "That position was not sent on this stream.")]
    public const string StreamPositionUnknown = "STREAM_POSITION_UNKNOWN";
    /// <summary>Too many attestation keys are published; rotate again after the oldest leaves its grace period.</summary>
    [Error(Http, 429, "Too many attestation keys are published; rotate again after the oldest leaves its grace period.")]
    public const string AttestationKeyRotationLimited = "ATTESTATION_KEY_ROTATION_LIMITED";
    /// <summary>The webhook URL points to an address that is not allowed.</summary>
    [Error(Http, 400, "The webhook URL points to an address that is not allowed.")]
    public const string WebhookTargetNotAllowed = "WEBHOOK_TARGET_NOT_ALLOWED";
    /// <summary>The webhook URL's host does not resolve.</summary>
    [Error(Http, 400, "The webhook URL's host does not resolve.")]
    public const string WebhookTargetUnresolvable = "WEBHOOK_TARGET_UNRESOLVABLE";
    /// <summary>The service has the maximum number of webhooks.</summary>
    [Error(Http, 409, "The service has the maximum number of webhooks.")]
    public const string WebhookLimitReached = "WEBHOOK_LIMIT_REACHED";
    /// <summary>A checkpoint is malformed, its signature does not verify, or its key is not trusted.</summary>
    [Error(Http, 400, "The body is not a valid audit checkpoint.")]
    public const string AuditCheckpointInvalid = "AUDIT_CHECKPOINT_INVALID";
    /// <summary>The checkpoint's signature does not verify.</summary>
    [Error(Http, 400, "The checkpoint's signature does not verify.")]
    public const string AuditCheckpointSignatureInvalid = "AUDIT_CHECKPOINT_SIGNATURE_INVALID";
    /// <summary>The checkpoint is signed with a key other than the calling node's.</summary>
    [Error(Http, 403, "The checkpoint is signed with a key other than the calling node's.")]
    public const string AuditCheckpointKeyMismatch = "AUDIT_CHECKPOINT_KEY_MISMATCH";
    /// <summary>The checkpoint names a node other than the caller.</summary>
    [Error(Http, 403, "The checkpoint names a node other than the caller.")]
    public const string AuditCheckpointNodeMismatch = "AUDIT_CHECKPOINT_NODE_MISMATCH";
    /// <summary>The checkpoint is older than one already witnessed for this node.</summary>
    [Error(Http, 409, "The checkpoint is older than one already witnessed for this node.")]
    public const string AuditCheckpointRegression = "AUDIT_CHECKPOINT_REGRESSION";
    /// <summary>A different head was already witnessed at this sequence number.</summary>
    [Error(Http, 409, "A different head was already witnessed at this sequence number.")]
    public const string AuditCheckpointConflict = "AUDIT_CHECKPOINT_CONFLICT";

    // Control plane: relay.
    /// <summary>503: the gateway holds no relay stream to this instance.</summary>
    [Error(Http, 503, "The gateway is not connected.")]
    public const string GatewayNotConnected = "GATEWAY_NOT_CONNECTED";
    /// <summary>504: the gateway did not answer in time.</summary>
    [Error(Http, 504, "The gateway did not answer in time.")]
    public const string GatewayRelayTimeout = "GATEWAY_RELAY_TIMEOUT";
    /// <summary>502: the stream dropped before the answer came, or the gateway could not dispatch the command.</summary>
    [Error(Http, 502, "The relayed command failed.")]
    public const string GatewayRelayFailed = "GATEWAY_RELAY_FAILED";
    /// <summary>400: the method and path are not on the relay allow-list.</summary>
    [Error(Http, 400, "This method and path may not be relayed.")]
    public const string RelayPathNotAllowed = "RELAY_PATH_NOT_ALLOWED";
    /// <summary>400: the body carries a plaintext <c>secrets</c> or <c>value</c> member; only sealed secrets are relayed.</summary>
    [Error(Http, 400, "Plaintext secrets are never relayed.")]
    public const string RelayPlaintextSecret = "RELAY_PLAINTEXT_SECRET";
    /// <summary>400: the body is not a JSON object, so it cannot be checked for plaintext secrets.</summary>
    [Error(Http, 400, "A relayed body must be a JSON object.")]
    public const string RelayBodyInvalid = "RELAY_BODY_INVALID";
    /// <summary>No relayed command with this id waits for this gateway.</summary>
    [Error(Http, 404, "No relayed command with this id waits for this gateway.")]
    public const string RelayRequestUnknown = "RELAY_REQUEST_UNKNOWN";
    /// <summary>The error code of every failure to open an envelope (one code: a prober learns nothing more).</summary>
    [Error(Http, 400, "A sealed secret does not open with its key.")]
    public const string SealedSecretInvalid = "SEALED_SECRET_INVALID";
    /// <summary>The gateway's admin API did not answer in time.</summary>
    [Error(Http, 504, "The gateway's admin API did not answer in time.")]
    public const string GatewayDispatchTimeout = "GATEWAY_DISPATCH_TIMEOUT";
    /// <summary>The gateway's admin API could not be reached.</summary>
    [Error(Http, 502, "The gateway's admin API could not be reached.")]
    public const string GatewayDispatchFailed = "GATEWAY_DISPATCH_FAILED";

    // Control plane: attestation decisions (HTTP 200, error_code in the body).
    /// <summary>No service of the signer's namespace lists the host.</summary>
    [Error(Reason, 0, "No service of the signer's namespace lists the host.")]
    public const string SigilNoServiceForHost = "SIGIL_NO_SERVICE_FOR_HOST";
    /// <summary>Several services list the host and none is approved for this key.</summary>
    [Error(Reason, 0, "Several services list the host and none is approved for this key.")]
    public const string SigilServiceAmbiguous = "SIGIL_SERVICE_AMBIGUOUS";
    /// <summary>The owner rejected this key for the service.</summary>
    [Error(Reason, 0, "The owner rejected this key for the service.")]
    public const string SigilClaimRejected = "SIGIL_CLAIM_REJECTED";
    /// <summary>The owner revoked the approval.</summary>
    [Error(Reason, 0, "The owner revoked the approval.")]
    public const string SigilClaimRevoked = "SIGIL_CLAIM_REVOKED";
    /// <summary>The approval has expired.</summary>
    [Error(Reason, 0, "The approval has expired.")]
    public const string SigilApprovalExpired = "SIGIL_APPROVAL_EXPIRED";
    /// <summary>The approval does not allow the signer's subject.</summary>
    [Error(Reason, 0, "The approval does not allow the signer's subject.")]
    public const string SigilSubjectNotAllowed = "SIGIL_SUBJECT_NOT_ALLOWED";
    /// <summary>The namespace has too many pending requests.</summary>
    [Error(Reason, 0, "The namespace has too many pending requests.")]
    public const string SigilHoldLimit = "SIGIL_HOLD_LIMIT";

    // Gateway: operations.
    /// <summary>The gateway is not ready.</summary>
    [Error(Http, 503, "The gateway is not ready.")]
    public const string NotReady = "NOT_READY";
    /// <summary>No route for this method and path.</summary>
    [Error(Http, 405, "No route for this method and path.")]
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    /// <summary>This admin route needs the admin token, but the gateway has none configured.</summary>
    [Error(Http, 500, "This admin route needs the admin token, but the gateway has none configured.")]
    public const string AdminTokenNotConfigured = "ADMIN_TOKEN_NOT_CONFIGURED";
    /// <summary>A valid admin token is required.</summary>
    [Error(Http, 403, "A valid admin token is required.")]
    public const string AdminTokenRequired = "ADMIN_TOKEN_REQUIRED";
    /// <summary>Admin routes are only available from loopback.</summary>
    [Error(Http, 403, "Admin routes are only available from loopback.")]
    public const string AdminLoopbackRequired = "ADMIN_LOOPBACK_REQUIRED";
    /// <summary>Admin routes require a valid admin token or a loopback client.</summary>
    [Error(Http, 403, "Admin routes require a valid admin token or a loopback client.")]
    public const string AdminTokenOrLoopbackRequired = "ADMIN_TOKEN_OR_LOOPBACK_REQUIRED";
    /// <summary>Ours: loopback admin request whose Host is not a loopback name (DNS rebinding, reliability ADM-02).</summary>
    [Error(Http, 403, "Admin routes reached from loopback must use a loopback host name.")]
    public const string AdminHostNotAllowed = "ADMIN_HOST_NOT_ALLOWED";
    /// <summary>Ours: admin request from a browser page whose Origin is not allowed (CSRF, reliability ADM-03).</summary>
    [Error(Http, 403, "This origin may not call the admin routes.")]
    public const string AdminOriginNotAllowed = "ADMIN_ORIGIN_NOT_ALLOWED";
    /// <summary>Ours: 429 after too many wrong admin tokens from one client address (brute force, reliability ADM-04).</summary>
    [Error(Http, 429, "Too many wrong admin tokens from this address; try again later.")]
    public const string AdminRateLimited = "ADMIN_RATE_LIMITED";

    // Gateway: agent requests.
    /// <summary>A signature or Sigilum header appears more than once.</summary>
    [Error(Http, 403, "A signature or Sigilum header appears more than once.")]
    public const string AuthHeadersInvalid = "AUTH_HEADERS_INVALID";
    /// <summary>The request signature does not verify.</summary>
    [Error(Http, 403, "The request signature does not verify.")]
    public const string AuthSignatureInvalid = "AUTH_SIGNATURE_INVALID";
    /// <summary>The signature does not cover one of the profile's component sets.</summary>
    [Error(Http, 403, "The signature does not cover one of the profile's component sets.")]
    public const string AuthSignedComponentsInvalid = "AUTH_SIGNED_COMPONENTS_INVALID";
    /// <summary>The request names no namespace, subject or agent key.</summary>
    [Error(Http, 403, "The request names no namespace, subject or agent key.")]
    public const string AuthIdentityInvalid = "AUTH_IDENTITY_INVALID";
    /// <summary>The signature has no usable nonce.</summary>
    [Error(Http, 403, "The signature has no usable nonce.")]
    public const string AuthNonceInvalid = "AUTH_NONCE_INVALID";
    /// <summary>This nonce was already used.</summary>
    [Error(Http, 403, "This nonce was already used.")]
    public const string AuthReplayDetected = "AUTH_REPLAY_DETECTED";
    /// <summary>The replay store cannot be written.</summary>
    [Error(Http, 503, "The replay store cannot be written.")]
    public const string AuthReplayStoreUnavailable = "AUTH_REPLAY_STORE_UNAVAILABLE";
    /// <summary>The approvals are stale; the gateway does not trust them.</summary>
    [Error(Http, 403, "The approvals are stale; the gateway does not trust them.")]
    public const string AuthClaimsUnavailable = "AUTH_CLAIMS_UNAVAILABLE";
    /// <summary>This key is not approved for the connection.</summary>
    [Error(Http, 403, "This key is not approved for the connection.")]
    public const string AuthClaimRequired = "AUTH_CLAIM_REQUIRED";
    /// <summary>429: auto-claim filings over the per-minute limit for connection|namespace (spec §3.3).</summary>
    [Error(Http, 429, "Too many claim filings for this connection this minute.")]
    public const string AuthClaimSubmitRateLimited = "AUTH_CLAIM_SUBMIT_RATE_LIMITED";
    /// <summary>429: the agent key already has the most requests held for approval (ADR 0055).</summary>
    [Error(Http, 429, "This agent already has as many requests held for approval as the gateway allows.")]
    public const string AuthHoldAgentLimit = "AUTH_HOLD_AGENT_LIMIT";
    /// <summary>429: the gateway already holds the most requests for approval (ADR 0055).</summary>
    [Error(Http, 429, "The gateway already holds as many requests for approval as it allows.")]
    public const string AuthHoldGatewayLimit = "AUTH_HOLD_GATEWAY_LIMIT";
    /// <summary>503: the audit record of a credential release could not be written, so nothing is released.</summary>
    [Error(Http, 503, "The audit log cannot be written; nothing was released.")]
    public const string AuditUnavailable = "AUDIT_UNAVAILABLE";
    /// <summary>The database is older than the audit log records (restored from a backup, reliability STO-15).</summary>
    [Error(Http, 503, "The database was restored from an older backup.")]
    public const string StoreRollbackDetected = "STORE_ROLLBACK_DETECTED";
    /// <summary>The upstream service could not be reached.</summary>
    [Error(Http, 502, "The upstream service could not be reached.")]
    public const string UpstreamError = "UPSTREAM_ERROR";
    /// <summary>The upstream service did not answer in time.</summary>
    [Error(Http, 504, "The upstream service did not answer in time.")]
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";

    // Gateway: MCP connections.
    /// <summary>502: discovery refresh failed and no stale tool list is usable.</summary>
    [Error(Http, 502, "The MCP server's tools could not be discovered.")]
    public const string McpDiscoveryFailed = "MCP_DISCOVERY_FAILED";
    /// <summary>403: the tool is not allowed by the effective policy for the subject, or was never discovered.</summary>
    [Error(Http, 403, "The tool is not allowed by the connection's policy.")]
    public const string McpToolForbidden = "MCP_TOOL_FORBIDDEN";
    /// <summary>429: tool calls over the per-minute limit for connection|namespace.</summary>
    [Error(Http, 429, "Too many tool calls for this connection and namespace.")]
    public const string McpToolRateLimited = "MCP_TOOL_RATE_LIMITED";
    /// <summary>503: the circuit breaker for this MCP upstream is open after consecutive failures.</summary>
    [Error(Http, 503, "The MCP server failed repeatedly; calls are paused.")]
    public const string McpCircuitOpen = "MCP_CIRCUIT_OPEN";
    /// <summary>502: the upstream answered a JSON-RPC error, an HTTP error, or something that does not decode.</summary>
    [Error(Http, 502, "The MCP tool call failed.")]
    public const string McpToolCallFailed = "MCP_TOOL_CALL_FAILED";

    // Gateway: MCP tool policy reasons (decision log).
    /// <summary>The tool is exposed to the subject.</summary>
    [Error(Reason, 0, "The tool is allowed.")]
    public const string McpToolAllowed = "MCP_TOOL_ALLOWED";
    /// <summary>The request names no tool.</summary>
    [Error(Reason, 0, "No tool name was given.")]
    public const string McpToolNameRequired = "MCP_TOOL_NAME_REQUIRED";
    /// <summary>The server did not list the tool in the last discovery.</summary>
    [Error(Reason, 0, "The MCP server did not list this tool.")]
    public const string McpToolNotDiscovered = "MCP_TOOL_NOT_DISCOVERED";
    /// <summary>A deny-list (the connection's or the subject's) names the tool.</summary>
    [Error(Reason, 0, "The tool is on the deny-list.")]
    public const string McpToolDeniedDenylist = "MCP_TOOL_DENIED_DENYLIST";
    /// <summary>An allow-list applies and does not name the tool (also when the two allow-lists share no tool).</summary>
    [Error(Reason, 0, "The tool is not on the allow-list.")]
    public const string McpToolDeniedAllowlist = "MCP_TOOL_DENIED_ALLOWLIST";
    /// <summary>Allowed by the lists, but beyond the number of tools exposed, in name order.</summary>
    [Error(Reason, 0, "The tool is beyond the number of tools exposed.")]
    public const string McpToolDeniedMaxToolsExposed = "MCP_TOOL_DENIED_MAX_TOOLS_EXPOSED";

    // Gateway and vault: trust in the control plane.
    /// <summary>No control-plane key is pinned: the gateway opens no stream at all (fail closed).</summary>
    [Error(Logged, 0, "No control-plane key is pinned.")]
    public const string ControlPlaneKeyNotPinned = "CONTROL_PLANE_KEY_NOT_PINNED";
    /// <summary>An event was unsigned, signed by another key, tampered with, replayed or out of order.</summary>
    [Error(Logged, 0, "An event from the control plane is not signed by the pinned key.")]
    public const string ControlPlaneSignatureInvalid = "CONTROL_PLANE_SIGNATURE_INVALID";
    /// <summary>The witness answer is not signed by the pinned control-plane key.</summary>
    [Error(Logged, 0, "The witness answer is not signed by the pinned control-plane key.")]
    public const string WitnessAnswerUnverified = "WITNESS_ANSWER_UNVERIFIED";

    // Gateway connections.
    /// <summary>An admin request field is missing or malformed.</summary>
    [Error(Http, 400, "An admin request field is missing or malformed.")]
    public const string ConnectionInvalid = "CONNECTION_INVALID";
    /// <summary>No connection with this id.</summary>
    [Error(Http, 404, "No connection with this id.")]
    public const string ConnectionNotFound = "CONNECTION_NOT_FOUND";
    /// <summary>A connection with this id exists.</summary>
    [Error(Http, 409, "A connection with this id exists.")]
    public const string ConnectionExists = "CONNECTION_EXISTS";
    /// <summary>The connection was rotated concurrently.</summary>
    [Error(Http, 409, "The connection was rotated concurrently.")]
    public const string ConnectionConflict = "CONNECTION_CONFLICT";
    /// <summary>The connection cannot be used now.</summary>
    [Error(Http, 400, "The connection cannot be used now.")]
    public const string ConnectionUnusable = "CONNECTION_UNUSABLE";
    /// <summary>The stored secret does not decrypt with this gateway's master key.</summary>
    [Error(Http, 500, "The stored secret does not decrypt with this gateway's master key.")]
    public const string ConnectionSecretUnreadable = "CONNECTION_SECRET_UNREADABLE";
    /// <summary>The connection's secret rotation is overdue.</summary>
    [Error(Http, 403, "The connection's secret rotation is overdue.")]
    public const string RotationRequired = "ROTATION_REQUIRED";
    /// <summary>No credential variable with this key.</summary>
    [Error(Http, 404, "No credential variable with this key.")]
    public const string CredentialVariableNotFound = "CREDENTIAL_VARIABLE_NOT_FOUND";
    /// <summary>The service catalogue fails validation.</summary>
    [Error(Http, 400, "The service catalogue fails validation.")]
    public const string ServiceCatalogInvalid = "SERVICE_CATALOG_INVALID";
    /// <summary>The secret backend refused the data plane's own credentials.</summary>
    [Error(Http, 502, "The secret backend refused the data plane's own credentials.")]
    public const string BackendAuthFailed = "BACKEND_AUTH_FAILED";
    /// <summary>The secret backend has no secret for this reference.</summary>
    [Error(Http, 502, "The secret backend has no secret for this reference.")]
    public const string BackendSecretNotFound = "BACKEND_SECRET_NOT_FOUND";
    /// <summary>The secret backend is throttling requests.</summary>
    [Error(Http, 502, "The secret backend is throttling requests.")]
    public const string BackendThrottled = "BACKEND_THROTTLED";
    /// <summary>The secret backend is unavailable.</summary>
    [Error(Http, 502, "The secret backend is unavailable.")]
    public const string BackendUnavailable = "BACKEND_UNAVAILABLE";
    /// <summary>The secret backend did not answer in time.</summary>
    [Error(Http, 504, "The secret backend did not answer in time.")]
    public const string BackendTimeout = "BACKEND_TIMEOUT";
    /// <summary>The secret backend returned an answer that cannot be used.</summary>
    [Error(Http, 502, "The secret backend returned an answer that cannot be used.")]
    public const string BackendMalformedResponse = "BACKEND_MALFORMED_RESPONSE";
    /// <summary>The secret backend's answer fails its checksum.</summary>
    [Error(Http, 502, "The secret backend's answer fails its checksum.")]
    public const string BackendChecksumMismatch = "BACKEND_CHECKSUM_MISMATCH";
    /// <summary>The secret backend is misconfigured.</summary>
    [Error(Http, 502, "The secret backend is misconfigured.")]
    public const string BackendMisconfigured = "BACKEND_MISCONFIGURED";
    /// <summary>The secret cannot be injected.</summary>
    [Error(Http, 502, "The secret cannot be injected.")]
    public const string BackendBadSecret = "BACKEND_BAD_SECRET";
    /// <summary>The secret backend failed.</summary>
    [Error(Http, 502, "The secret backend failed.")]
    public const string BackendError = "BACKEND_ERROR";

    // Dashboard.
    /// <summary>Request refused</summary>
    [Error(Http, 403, "Request refused")]
    public const string DashboardCrossOrigin = "DASHBOARD_CROSS_ORIGIN";
    /// <summary>Unknown address</summary>
    [Error(Http, 421, "Unknown address")]
    public const string DashboardHostNotAllowed = "DASHBOARD_HOST_NOT_ALLOWED";
    /// <summary>This form has expired</summary>
    [Error(Http, 400, "This form has expired")]
    public const string DashboardFormExpired = "DASHBOARD_FORM_EXPIRED";
    /// <summary>This sign-in link cannot be used</summary>
    [Error(Http, 410, "This sign-in link cannot be used")]
    public const string DashboardLinkInvalid = "DASHBOARD_LINK_INVALID";
    /// <summary>Sign-in failed</summary>
    [Error(Http, 401, "Sign-in failed")]
    public const string DashboardPasswordInvalid = "DASHBOARD_PASSWORD_INVALID";
    /// <summary>Too many attempts</summary>
    [Error(Http, 429, "Too many attempts")]
    public const string DashboardRateLimited = "DASHBOARD_RATE_LIMITED";
    /// <summary>Not found</summary>
    [Error(Http, 404, "Not found")]
    public const string DashboardNotFound = "DASHBOARD_NOT_FOUND";
    /// <summary>Already decided</summary>
    [Error(Http, 409, "Already decided")]
    public const string DashboardClaimStateConflict = "DASHBOARD_CLAIM_STATE_CONFLICT";
    /// <summary>This passkey request cannot be used</summary>
    [Error(Http, 400, "This passkey request cannot be used")]
    public const string DashboardPasskeyChallengeInvalid = "DASHBOARD_PASSKEY_CHALLENGE_INVALID";
    /// <summary>This passkey request has expired</summary>
    [Error(Http, 400, "This passkey request has expired")]
    public const string DashboardPasskeyChallengeExpired = "DASHBOARD_PASSKEY_CHALLENGE_EXPIRED";
    /// <summary>Passkey used on another site</summary>
    [Error(Http, 400, "Passkey used on another site")]
    public const string DashboardPasskeyOriginMismatch = "DASHBOARD_PASSKEY_ORIGIN_MISMATCH";
    /// <summary>Passkey made for another site</summary>
    [Error(Http, 400, "Passkey made for another site")]
    public const string DashboardPasskeyRpIdMismatch = "DASHBOARD_PASSKEY_RP_ID_MISMATCH";
    /// <summary>Passkey counter went back</summary>
    [Error(Http, 401, "Passkey counter went back")]
    public const string DashboardPasskeyCounterRegressed = "DASHBOARD_PASSKEY_COUNTER_REGRESSED";
    /// <summary>Unknown passkey</summary>
    [Error(Http, 401, "Unknown passkey")]
    public const string DashboardPasskeyUnknown = "DASHBOARD_PASSKEY_UNKNOWN";
    /// <summary>Passkey check failed</summary>
    [Error(Http, 401, "Passkey check failed")]
    public const string DashboardPasskeyInvalid = "DASHBOARD_PASSKEY_INVALID";
    /// <summary>Passkey already registered</summary>
    [Error(Http, 409, "Passkey already registered")]
    public const string DashboardPasskeyAlreadyRegistered = "DASHBOARD_PASSKEY_ALREADY_REGISTERED";
    /// <summary>Sign in with a passkey</summary>
    [Error(Http, 403, "Sign in with a passkey")]
    public const string DashboardPasskeyRequired = "DASHBOARD_PASSKEY_REQUIRED";

    // Vault.
    /// <summary>A valid proxy token is required.</summary>
    [Error(Http, 407, "A valid proxy token is required.")]
    public const string ProxyAuthRequired = "PROXY_AUTH_REQUIRED";
    /// <summary>The agent has been revoked.</summary>
    [Error(Http, 403, "The agent has been revoked.")]
    public const string AgentRevoked = "AGENT_REVOKED";
    /// <summary>The request is not valid HTTP.</summary>
    [Error(Http, 400, "The request is not valid HTTP.")]
    public const string BadRequest = "BAD_REQUEST";
    /// <summary>The target is not a valid host:port.</summary>
    [Error(Http, 400, "The target is not a valid host:port.")]
    public const string BadAuthority = "BAD_AUTHORITY";
    /// <summary>No route for this host.</summary>
    [Error(Http, 403, "No route for this host.")]
    public const string NoRoute = "NO_ROUTE";
    /// <summary>Plain http is not allowed for this host.</summary>
    [Error(Http, 403, "Plain http is not allowed for this host.")]
    public const string PlainHttpRefused = "PLAIN_HTTP_REFUSED";
    /// <summary>The routes for this host do not allow this scheme.</summary>
    [Error(Http, 403, "The routes for this host do not allow this scheme.")]
    public const string RouteSchemeMismatch = "ROUTE_SCHEME_MISMATCH";
    /// <summary>No route for this host allows this port.</summary>
    [Error(Http, 403, "No route for this host allows this port.")]
    public const string RoutePortMismatch = "ROUTE_PORT_MISMATCH";
    /// <summary>The target is not an allowed address.</summary>
    [Error(Http, 403, "The target is not an allowed address.")]
    public const string EgressDenied = "EGRESS_DENIED";
    /// <summary>The target host does not resolve.</summary>
    [Error(Http, 502, "The target host does not resolve.")]
    public const string DnsFailed = "DNS_FAILED";
    /// <summary>The target is this vault's own listener (a proxy loop, PRX-04).</summary>
    [Error(Http, 403, "The target is this vault's own listener.")]
    public const string SelfConnection = "SELF_CONNECTION";
    /// <summary>The Host does not match the CONNECT authority.</summary>
    [Error(Http, 403, "The Host does not match the CONNECT authority.")]
    public const string HostMismatch = "HOST_MISMATCH";
    /// <summary>This agent has too many open tunnels.</summary>
    [Error(Http, 429, "This agent has too many open tunnels.")]
    public const string TooManyTunnels = "TOO_MANY_TUNNELS";
    /// <summary>The request body is larger than allowed.</summary>
    [Error(Http, 413, "The request body is larger than allowed.")]
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    /// <summary>The vault configuration cannot be read.</summary>
    [Error(Http, 503, "The vault configuration cannot be read.")]
    public const string ConfigUnavailable = "CONFIG_UNAVAILABLE";
    /// <summary>The request URL cannot be bound to an intent.</summary>
    [Error(Http, 400, "The request URL cannot be bound to an intent.")]
    public const string RequestUrlInvalid = "REQUEST_URL_INVALID";
    /// <summary>The AWS service and region cannot be told from the host.</summary>
    [Error(Http, 400, "The AWS service and region cannot be told from the host.")]
    public const string AwsScopeUnknown = "AWS_SCOPE_UNKNOWN";
    /// <summary>The route's injection does not fit its backend.</summary>
    [Error(Http, 502, "The route's injection does not fit its backend.")]
    public const string RouteMisconfigured = "ROUTE_MISCONFIGURED";
    /// <summary>The upstream's TLS certificate did not validate.</summary>
    [Error(Http, 502, "The upstream's TLS certificate did not validate.")]
    public const string UpstreamTlsFailed = "UPSTREAM_TLS_FAILED";
    /// <summary>The upstream could not be reached.</summary>
    [Error(Http, 502, "The upstream could not be reached.")]
    public const string UpstreamUnreachable = "UPSTREAM_UNREACHABLE";
    /// <summary>The upstream's response could not be used.</summary>
    [Error(Http, 502, "The upstream's response could not be used.")]
    public const string UpstreamBadResponse = "UPSTREAM_BAD_RESPONSE";
    /// <summary>The agent's TLS handshake with the vault failed (audit only).</summary>
    [Error(Reason, 0, "The agent's TLS handshake with the vault failed (audit only).")]
    public const string TlsHandshakeFailed = "TLS_HANDSHAKE_FAILED";
    /// <summary>No <c>X-Sigil-Attestation</c> header, or more than one.</summary>
    [Error(Http, 403, "Exactly one attestation header is required.")]
    public const string AttestationMissing = "ATTESTATION_MISSING";
    /// <summary>The <c>kid</c> names an anchor whose stored key no longer matches its pin.</summary>
    [Error(Http, 403, "The trust anchor's key does not match its pin.")]
    public const string AttestationKeyPinMismatch = "ATTESTATION_KEY_PIN_MISMATCH";
    /// <summary>The attestation's <c>agentId</c> (else <c>sub</c>) is not the agent the proxy token authenticated, or it names none (JWT-11).</summary>
    [Error(Http, 403, "The attestation names another agent than the proxy token's.")]
    public const string AttestationAgentMismatch = "ATTESTATION_AGENT_MISMATCH";
    /// <summary>The <c>jti</c> was already used (durable store, kept until exp + 300 s).</summary>
    [Error(Http, 403, "This attestation was already used.")]
    public const string AttestationReplayed = "ATTESTATION_REPLAYED";
    /// <summary>The replay store could not record the <c>jti</c> (unavailable or full): refuse rather than risk a replay.</summary>
    [Error(Http, 503, "The replay store is unavailable.")]
    public const string ReplayStoreUnavailable = "REPLAY_STORE_UNAVAILABLE";
    /// <summary><c>iss</c> is missing or not in the trusted set, even though the signature is valid.</summary>
    [Error(Http, 403, "The attestation's issuer is not trusted.")]
    public const string AttestationIssuerUntrusted = "ATTESTATION_ISSUER_UNTRUSTED";
    /// <summary><c>aud</c> is missing, malformed, or does not contain an accepted audience.</summary>
    [Error(Http, 403, "The attestation is not for this audience.")]
    public const string AttestationAudienceInvalid = "ATTESTATION_AUDIENCE_INVALID";
    /// <summary><c>exp</c> is at or before now (no grace).</summary>
    [Error(Http, 403, "The attestation expired.")]
    public const string AttestationExpired = "ATTESTATION_EXPIRED";
    /// <summary><c>iat</c> or <c>nbf</c> is further in the future than the allowed skew.</summary>
    [Error(Http, 403, "The attestation is not valid yet.")]
    public const string AttestationNotYetValid = "ATTESTATION_NOT_YET_VALID";
    /// <summary><c>exp − iat</c> exceeds the maximum lifetime (60 s).</summary>
    [Error(Http, 403, "The attestation lives longer than allowed.")]
    public const string AttestationLifetimeTooLong = "ATTESTATION_LIFETIME_TOO_LONG";
    /// <summary><c>jti</c> is absent or empty, so replay cannot be detected.</summary>
    [Error(Http, 403, "The attestation has no jti.")]
    public const string AttestationJtiMissing = "ATTESTATION_JTI_MISSING";
    /// <summary>A claim has the wrong JSON type or shape (e.g. <c>exp</c> as a string or float, bad <c>intentHash</c>).</summary>
    [Error(Http, 403, "The attestation's claims are malformed.")]
    public const string AttestationClaimsInvalid = "ATTESTATION_CLAIMS_INVALID";
    /// <summary>The payload <c>kid</c> differs from the header <c>kid</c>.</summary>
    [Error(Http, 403, "The attestation's kid differs from its header's.")]
    public const string AttestationKidMismatch = "ATTESTATION_KID_MISMATCH";
    /// <summary><c>intentHash</c> differs from the hash recomputed from the request.</summary>
    [Error(Http, 403, "The attestation is for another request.")]
    public const string AttestationIntentMismatch = "ATTESTATION_INTENT_MISMATCH";
    /// <summary>The token is not three canonical base64url segments of JSON objects.</summary>
    [Error(Http, 403, "The token is not a compact JWS.")]
    public const string JwsMalformed = "JWS_MALFORMED";
    /// <summary>The token is longer than the configured limit.</summary>
    [Error(Http, 403, "The token is too large.")]
    public const string JwsTooLarge = "JWS_TOO_LARGE";
    /// <summary>The header <c>alg</c> is anything but exactly <c>EdDSA</c>.</summary>
    [Error(Http, 403, "The token's algorithm is not EdDSA.")]
    public const string JwsAlgUnsupported = "JWS_ALG_UNSUPPORTED";
    /// <summary>The header carries a member we refuse (<c>jku</c>, <c>x5u</c>, <c>jwk</c>, <c>x5c</c>, <c>crit</c>, ...).</summary>
    [Error(Http, 403, "The token's header has a forbidden member.")]
    public const string JwsHeaderForbidden = "JWS_HEADER_FORBIDDEN";
    /// <summary>The header <c>typ</c> is not the type the caller requires.</summary>
    [Error(Http, 403, "The token's typ is not JWT.")]
    public const string JwsTypeInvalid = "JWS_TYPE_INVALID";
    /// <summary>The header has no usable <c>kid</c>.</summary>
    [Error(Http, 403, "The token has no kid.")]
    public const string JwsKidMissing = "JWS_KID_MISSING";
    /// <summary>The header <c>kid</c> is too long or contains control characters.</summary>
    [Error(Http, 403, "The token's kid is malformed.")]
    public const string JwsKidInvalid = "JWS_KID_INVALID";
    /// <summary>No trusted key has the header's <c>kid</c>.</summary>
    [Error(Http, 403, "No trust anchor has the token's kid.")]
    public const string JwsKidUnknown = "JWS_KID_UNKNOWN";
    /// <summary>The Ed25519 signature does not verify with the key named by <c>kid</c>.</summary>
    [Error(Http, 403, "The token's signature does not verify.")]
    public const string JwsSignatureInvalid = "JWS_SIGNATURE_INVALID";

    // Protocol rules (named inside another code's answer or a command's output).
    /// <summary>A JWK is not a well-formed Ed25519 public key (bad <c>x</c>, private part, wrong <c>use</c>/<c>alg</c>).</summary>
    [Error(Reason, 0, "The JWK is malformed.")]
    public const string JwkInvalid = "JWK_INVALID";
    /// <summary>A JWK is well formed but not an OKP/Ed25519 key; key sets skip these.</summary>
    [Error(Reason, 0, "The JWK is not an Ed25519 (OKP) key.")]
    public const string JwkUnsupported = "JWK_UNSUPPORTED";
    /// <summary>A key set is not <c>{"keys":[...]}</c>, holds an invalid Ed25519 key, or repeats a <c>kid</c>.</summary>
    [Error(Reason, 0, "The JWK set is malformed.")]
    public const string JwksInvalid = "JWKS_INVALID";
    /// <summary>Not a <c>did:sigilum:&lt;namespace&gt;</c> with a valid namespace.</summary>
    [Error(Reason, 0, "Not a valid did:sigilum.")]
    public const string DidSigilumInvalid = "DID_SIGILUM_INVALID";
    /// <summary>Not a <c>did:key</c> holding an Ed25519 public key.</summary>
    [Error(Reason, 0, "Not a did:key holding an Ed25519 public key.")]
    public const string DidKeyInvalid = "DID_KEY_INVALID";
    /// <summary>The URL is not an absolute http(s) URL we can normalise (or carries user info).</summary>
    [Error(Reason, 0, "The intent URL is not an absolute http(s) URL.")]
    public const string IntentUrlInvalid = "INTENT_URL_INVALID";
    /// <summary>The HTTP method is not an RFC 9110 token.</summary>
    [Error(Reason, 0, "The intent method is not an HTTP token.")]
    public const string IntentMethodInvalid = "INTENT_METHOD_INVALID";
    /// <summary>The signed target URL is not valid.</summary>
    [Error(Reason, 0, "The signed target URL is not valid.")]
    public const string UrlInvalid = "URL_INVALID";
    /// <summary>A structured header field does not parse.</summary>
    [Error(Reason, 0, "A structured header field does not parse.")]
    public const string SfSyntaxInvalid = "SF_SYNTAX_INVALID";
    /// <summary>A signature-relevant header appears more than once (ours; reliability SIG-04/SIG-18).</summary>
    [Error(Reason, 0, "A signature header appears more than once.")]
    public const string SigDuplicateHeader = "SIG_DUPLICATE_HEADER";
    /// <summary>A request header is named like a derived component, e.g. <c>@method</c> (ours; reliability SIG-11).</summary>
    [Error(Reason, 0, "A header name is invalid.")]
    public const string SigHeaderNameInvalid = "SIG_HEADER_NAME_INVALID";
    /// <summary>signature-input or signature header absent.</summary>
    [Error(Reason, 0, "Signature or Signature-Input is missing.")]
    public const string SigMissingSignatureHeaders = "SIG_MISSING_SIGNATURE_HEADERS";
    /// <summary>signature-input not in the profile's exact shape.</summary>
    [Error(Reason, 0, "Signature-Input does not parse.")]
    public const string SigSignatureInputInvalid = "SIG_SIGNATURE_INPUT_INVALID";
    /// <summary>created not a positive integer.</summary>
    [Error(Reason, 0, "created is missing or not an integer.")]
    public const string SigCreatedInvalid = "SIG_CREATED_INVALID";
    /// <summary>alg other than ed25519.</summary>
    [Error(Reason, 0, "The signature algorithm is not ed25519.")]
    public const string SigAlgorithmUnsupported = "SIG_ALGORITHM_UNSUPPORTED";
    /// <summary>created older than the max age or in the future beyond the skew.</summary>
    [Error(Reason, 0, "created is too old or in the future.")]
    public const string SigTimestampOutOfRange = "SIG_TIMESTAMP_OUT_OF_RANGE";
    /// <summary>nonce already seen in its namespace.</summary>
    [Error(Reason, 0, "The nonce was already used.")]
    public const string SigReplayDetected = "SIG_REPLAY_DETECTED";
    /// <summary>nonce shorter than 22 or longer than 128 characters, outside base64url, or with fewer than 6 distinct characters (ours, ADR 0025).</summary>
    [Error(Reason, 0, "The nonce is missing or malformed.")]
    public const string SigNonceInvalid = "SIG_NONCE_INVALID";
    /// <summary>signature header not <c>sig1=:&lt;base64 of 64 bytes&gt;:</c>.</summary>
    [Error(Reason, 0, "Signature does not parse.")]
    public const string SigSignatureHeaderInvalid = "SIG_SIGNATURE_HEADER_INVALID";
    /// <summary>a covered component could not be built (missing or invalid header value).</summary>
    [Error(Reason, 0, "The signature base cannot be built.")]
    public const string SigSigningBaseInvalid = "SIG_SIGNING_BASE_INVALID";
    /// <summary>sigilum-agent-cert absent.</summary>
    [Error(Reason, 0, "The agent certificate header is missing.")]
    public const string SigCertHeaderMissing = "SIG_CERT_HEADER_MISSING";
    /// <summary>sigilum-agent-cert not base64url JSON of a v1 certificate.</summary>
    [Error(Reason, 0, "The agent certificate header is malformed.")]
    public const string SigCertHeaderInvalid = "SIG_CERT_HEADER_INVALID";
    /// <summary>certificate proof does not verify.</summary>
    [Error(Reason, 0, "The agent certificate does not verify.")]
    public const string SigCertInvalid = "SIG_CERT_INVALID";
    /// <summary>sigilum-agent-key absent.</summary>
    [Error(Reason, 0, "The agent key header is missing.")]
    public const string SigKeyHeaderMissing = "SIG_KEY_HEADER_MISSING";
    /// <summary>sigilum-agent-key differs from the certificate key.</summary>
    [Error(Reason, 0, "The agent key does not match the certificate.")]
    public const string SigKeyMismatch = "SIG_KEY_MISMATCH";
    /// <summary>sigilum-namespace differs from the certificate namespace.</summary>
    [Error(Reason, 0, "The namespace header does not match the certificate.")]
    public const string SigNamespaceMismatch = "SIG_NAMESPACE_MISMATCH";
    /// <summary>sigilum-subject empty.</summary>
    [Error(Reason, 0, "The subject header is missing.")]
    public const string SigSubjectMissing = "SIG_SUBJECT_MISSING";
    /// <summary>sigilum-subject not covered by the signature.</summary>
    [Error(Reason, 0, "The subject is sent but not signed.")]
    public const string SigSubjectComponentMissing = "SIG_SUBJECT_COMPONENT_MISSING";
    /// <summary>covered components are not exactly one of the profile's sequences.</summary>
    [Error(Reason, 0, "The covered components are not one of the profile's sets.")]
    public const string SigSignedComponentsInvalid = "SIG_SIGNED_COMPONENTS_INVALID";
    /// <summary>namespace differs from the one the caller expected.</summary>
    [Error(Reason, 0, "The signer's namespace is not the expected one.")]
    public const string SigExpectedNamespaceMismatch = "SIG_EXPECTED_NAMESPACE_MISMATCH";
    /// <summary>subject differs from the one the caller expected.</summary>
    [Error(Reason, 0, "The signer's subject is not the expected one.")]
    public const string SigExpectedSubjectMismatch = "SIG_EXPECTED_SUBJECT_MISMATCH";
    /// <summary>keyid parameter differs from the certificate key id.</summary>
    [Error(Reason, 0, "keyid does not name the agent key.")]
    public const string SigKeyIdMismatch = "SIG_KEY_ID_MISMATCH";
    /// <summary>content-digest does not match the received body.</summary>
    [Error(Reason, 0, "The body does not match content-digest.")]
    public const string SigContentDigestMismatch = "SIG_CONTENT_DIGEST_MISMATCH";
    /// <summary>content-digest malformed or names no accepted algorithm (ours).</summary>
    [Error(Reason, 0, "content-digest is malformed.")]
    public const string SigContentDigestInvalid = "SIG_CONTENT_DIGEST_INVALID";
    /// <summary>sigilum-agent-key not <c>ed25519:&lt;base64 of 32 bytes&gt;</c>.</summary>
    [Error(Reason, 0, "The agent key header is malformed.")]
    public const string SigKeyHeaderInvalid = "SIG_KEY_HEADER_INVALID";
    /// <summary>Ed25519 verification failed.</summary>
    [Error(Reason, 0, "The signature does not verify.")]
    public const string SigVerificationFailed = "SIG_VERIFICATION_FAILED";
    /// <summary>unexpected failure inside the verifier (never carries exception text).</summary>
    [Error(Reason, 0, "Verification failed unexpectedly.")]
    public const string SigInternalError = "SIG_INTERNAL_ERROR";

    // Audit log verification (`audit verify`, start-up recovery).
    /// <summary>A line is not a well-formed audit record: bad JSON, too long, not canonical, unknown <c>v</c>, or a field of the wrong shape.</summary>
    [Error(Reason, 0, "An audit line does not parse.")]
    public const string AuditLineMalformed = "AUDIT_LINE_MALFORMED";
    /// <summary>A record's <c>seq</c> is not exactly one more than the previous record's (deletion, insertion or reordering).</summary>
    [Error(Reason, 0, "A sequence number is missing or repeated.")]
    public const string AuditSequenceGap = "AUDIT_SEQUENCE_GAP";
    /// <summary>A record's <c>prev</c> is not the previous record's <c>hash</c>.</summary>
    [Error(Reason, 0, "prev is not the previous record's hash.")]
    public const string AuditPrevMismatch = "AUDIT_PREV_MISMATCH";
    /// <summary>A record's <c>hash</c> is not the SHA-256 of its canonical form (the record was edited).</summary>
    [Error(Reason, 0, "hash does not match the record's content.")]
    public const string AuditHashMismatch = "AUDIT_HASH_MISMATCH";
    /// <summary>A record's <c>ts</c> is earlier than the previous record's (writers never go backwards).</summary>
    [Error(Reason, 0, "A record is older than the one before it.")]
    public const string AuditTimestampRegression = "AUDIT_TIMESTAMP_REGRESSION";
    /// <summary>A valid checkpoint names a head hash that differs from the log's record at that <c>seq</c> (rewrite or split view).</summary>
    [Error(Reason, 0, "A record differs from its signed checkpoint.")]
    public const string AuditCheckpointMismatch = "AUDIT_CHECKPOINT_MISMATCH";
    /// <summary>The log ends before the latest valid checkpoint's <c>seq</c>: records were cut off the tail.</summary>
    [Error(Reason, 0, "The log ends before its last checkpoint.")]
    public const string AuditTruncated = "AUDIT_TRUNCATED";

    // CLI.
    /// <summary>The namespace breaks the namespace rule.</summary>
    [Error(CliExit, 2, "The namespace breaks the namespace rule.")]
    public const string NamespaceInvalid = "NAMESPACE_INVALID";
    /// <summary>No identity for this namespace.</summary>
    [Error(CliExit, 3, "No identity for this namespace.")]
    public const string IdentityNotFound = "IDENTITY_NOT_FOUND";
    /// <summary>Several identities match; name one.</summary>
    [Error(CliExit, 2, "Several identities match; name one.")]
    public const string IdentityAmbiguous = "IDENTITY_AMBIGUOUS";
    /// <summary>The identity file is not valid.</summary>
    [Error(CliExit, 4, "The identity file is not valid.")]
    public const string IdentityInvalid = "IDENTITY_INVALID";
    /// <summary>No candidate agent has a key pair under the key root (exit 3).</summary>
    [Error(CliExit, 3, "No candidate agent has a key pair.")]
    public const string AgentKeyNotFound = "AGENT_KEY_NOT_FOUND";
    /// <summary>The chosen agent's key files are unreadable as a key pair (exit 4).</summary>
    [Error(CliExit, 4, "The agent's key file is not valid.")]
    public const string AgentKeyInvalid = "AGENT_KEY_INVALID";
    /// <summary>Neither <c>--namespace</c> nor <c>SIGILUM_NAMESPACE</c> is set (exit 2).</summary>
    [Error(CliExit, 2, "No namespace was given.")]
    public const string AgentNamespaceMissing = "AGENT_NAMESPACE_MISSING";
    /// <summary>The gateway URL is not an absolute http(s) URL without query or fragment (exit 2).</summary>
    [Error(CliExit, 2, "The gateway URL is not an http(s) URL.")]
    public const string AgentGatewayUrlInvalid = "AGENT_GATEWAY_URL_INVALID";
    /// <summary>The gateway could not be reached: refused, DNS, TLS, broken connection (exit 5).</summary>
    [Error(CliExit, 5, "The gateway could not be reached.")]
    public const string AgentGatewayUnreachable = "AGENT_GATEWAY_UNREACHABLE";
    /// <summary>No complete answer within the timeout (exit 5).</summary>
    [Error(CliExit, 5, "The gateway did not answer in time.")]
    public const string AgentGatewayTimeout = "AGENT_GATEWAY_TIMEOUT";
    /// <summary>The gateway's answer is larger than the helper reads (exit 5).</summary>
    [Error(CliExit, 5, "The gateway's answer is too large.")]
    public const string AgentResponseTooLarge = "AGENT_RESPONSE_TOO_LARGE";
    /// <summary>
    /// A bad argument or setting: connection id, tool name, method, path, JSON, timeout, protocol (exit 2).
    /// </summary>
    [Error(CliExit, 2, "An argument is not valid.")]
    public const string AgentInputInvalid = "AGENT_INPUT_INVALID";
    /// <summary><c>call</c> on a connection the gateway reports as plain HTTP: use <c>proxy</c> (exit 2).</summary>
    [Error(CliExit, 2, "The connection is an HTTP connection, not an MCP server.")]
    public const string AgentConnectionIsHttp = "AGENT_CONNECTION_IS_HTTP";

    // Gateway: MCP discovery mode.
    /// <summary>400: the <c>refresh</c> query parameter names no discovery mode (spec §3.3).</summary>
    [Error(Http, 400, "The refresh mode is not auto or force.")]
    public const string InvalidRefreshMode = "INVALID_REFRESH_MODE";

    // CLI: the MCP bridge (sigilum mcp bridge).
    /// <summary>A 2xx answer of the gateway that is not the route's documented shape (tool error or MCP error).</summary>
    [Error(Reason, 0, "The gateway's answer is not the route's shape.")]
    public const string McpBridgeResponseInvalid = "MCP_BRIDGE_RESPONSE_INVALID";
    /// <summary><c>--http</c> outside 0-65535 (exit 2).</summary>
    [Error(CliExit, 2, "The --http port is not a TCP port.")]
    public const string McpBridgePortInvalid = "MCP_BRIDGE_PORT_INVALID";
    /// <summary><c>--http</c> names a port something else listens on (exit 5).</summary>
    [Error(CliExit, 5, "The --http port is in use.")]
    public const string McpBridgePortInUse = "MCP_BRIDGE_PORT_IN_USE";
    /// <summary>An HTTP request whose <c>Host</c> is not this loopback listener (DNS rebinding), answered 403.</summary>
    [Error(Http, 403, "The Host header does not name the bridge's loopback listener.")]
    public const string McpBridgeHostRefused = "MCP_BRIDGE_HOST_REFUSED";
    /// <summary>An HTTP request from a browser page of a non-loopback origin, answered 403.</summary>
    [Error(Http, 403, "A web page from another origin may not call tools as the agent.")]
    public const string McpBridgeOriginRefused = "MCP_BRIDGE_ORIGIN_REFUSED";
    /// <summary>An HTTP request without <c>Authorization: Bearer</c>, answered 401.</summary>
    [Error(Http, 401, "The bridge's HTTP transport needs its bearer token.")]
    public const string McpBridgeTokenRequired = "MCP_BRIDGE_TOKEN_REQUIRED";
    /// <summary>An HTTP request with a bearer token that is not the bridge's, answered 401.</summary>
    [Error(Http, 401, "The bearer token is not the bridge's.")]
    public const string McpBridgeTokenInvalid = "MCP_BRIDGE_TOKEN_INVALID";
    /// <summary>Too many wrong tokens within the window, answered 429 without comparing the token.</summary>
    [Error(Http, 429, "Too many wrong bearer tokens; wait and retry.")]
    public const string McpBridgeTokenRateLimited = "MCP_BRIDGE_TOKEN_RATE_LIMITED";
    /// <summary><c>--token-file</c> is a link, not a regular file, owned by another user or open to group/other (exit 2).</summary>
    [Error(CliExit, 2, "The --token-file is not a private regular file of this user.")]
    public const string McpBridgeTokenFileUnsafe = "MCP_BRIDGE_TOKEN_FILE_UNSAFE";
    /// <summary><c>--token-file</c> is missing or its content is not a usable token, or it is given without <c>--http</c> (exit 2).</summary>
    [Error(CliExit, 2, "The --token-file does not hold a usable token.")]
    public const string McpBridgeTokenFileInvalid = "MCP_BRIDGE_TOKEN_FILE_INVALID";
}
