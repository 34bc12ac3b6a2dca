using System.Text.Json.Nodes;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Prints the gateway's answer the way the agent reads it. Text: <c>HTTP_STATUS=&lt;code&gt;</c>, the body, and on an
/// approval request the <c>APPROVAL_*</c> lines (Sigilum's helper's format, which skill text and hooks parse).
/// <c>--json</c>: the same as one object.
/// </summary>
internal static class AgentOutput
{
    public static void Write(CliContext context, string command, AgentSettings settings, string publicKey, string connection, AgentReply reply)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var notice = ApprovalNotice.For(reply, settings, publicKey, connection);
        if (settings.Json)
        {
            context.Output.WriteJson(ToJson(command, settings, publicKey, connection, reply, notice));
            return;
        }
        context.Output.Out.Write(ToText(reply, notice));
        context.Output.Out.Flush();
    }

    public static string ToText(AgentReply reply, ApprovalNotice? notice)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = new System.Text.StringBuilder();
        text.Append("HTTP_STATUS=").Append(reply.Status).Append('\n');
        if (reply.Body.Length > 0)
        {
            text.Append(reply.Body);
            if (!reply.Body.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }
        foreach (var line in notice?.Lines() ?? [])
        {
            text.Append(line).Append('\n');
        }
        return text.ToString();
    }

    public static JsonObject ToJson(string command, AgentSettings settings, string publicKey, string connection, AgentReply reply, ApprovalNotice? notice)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(reply);
        return new JsonObject
        {
            ["command"] = command,
            ["httpStatus"] = reply.Status,
            ["code"] = reply.Code,
            ["url"] = reply.Url.AbsoluteUri,
            ["connection"] = connection,
            ["namespace"] = settings.Namespace,
            ["agentId"] = settings.Agent.AgentId,
            ["agentSource"] = settings.Agent.Source,
            ["subject"] = settings.Subject.Subject,
            ["subjectSource"] = settings.Subject.Source,
            ["publicKey"] = publicKey,
            ["body"] = reply.Body,
            ["approval"] = notice is null ? null : new JsonObject
            {
                ["required"] = true,
                ["namespace"] = notice.Namespace,
                ["agentId"] = notice.AgentId,
                ["subject"] = notice.Subject,
                ["publicKey"] = notice.PublicKey,
                ["service"] = notice.Service,
                ["message"] = ApprovalNotice.Message,
                ["claimId"] = notice.ClaimId,
            },
        };
    }
}
