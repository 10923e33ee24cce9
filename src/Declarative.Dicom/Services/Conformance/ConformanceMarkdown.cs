using System.Text;

namespace Declarative.Dicom.Conformance;

/// <summary>Renders a <see cref="ConformanceStatement"/> as the Markdown tables PS3.2 Annex A asks for.</summary>
public static class ConformanceMarkdown
{
    public static string Render(ConformanceStatement statement)
    {
        var md = new StringBuilder();
        md.Append("# DICOM Conformance Statement: ").Append(statement.Application).Append("\n\n");
        md.Append("Networking part (PS3.2 Annex A), generated at build time from the application's handler methods and the options in force. Do not edit: rebuild.\n\n");
        md.Append("## Implementation\n\n| | |\n|---|---|\n");
        md.Append("| Implementation Class UID | ").Append(statement.ImplementationClassUid).Append(" |\n");
        md.Append("| Implementation Version Name | ").Append(statement.ImplementationVersionName).Append(" |\n\n");

        md.Append("## SOP classes\n\n| SOP class | UID | Message | Role |\n|---|---|---|---|\n");
        foreach (var sop in statement.SopClasses)
        {
            foreach (var message in sop.Messages)
            {
                var uid = sop.Uid.Length == 0 ? $"{sop.Uids.Count} SOP classes (see JSON)" : sop.Uid;
                md.Append("| ").Append(sop.Name).Append(" | ").Append(uid).Append(" | ").Append(message.Message).Append(" | ").Append(message.Role).Append(" |\n");
            }
        }

        md.Append('\n');
        foreach (var sop in statement.SopClasses)
        {
            md.Append("### ").Append(sop.Name).Append(sop.Uid.Length == 0 ? string.Empty : $" ({sop.Uid})").Append("\n\n");
            foreach (var message in sop.Messages)
            {
                md.Append("**").Append(message.Message).Append("**, as ").Append(message.Role).Append(", handled by ")
                    .Append(string.Join(", ", message.Handlers.Select(h => $"`{h}`"))).Append('.');
                if (message.ConcurrentHandlers is { Count: > 0 } concurrent)
                {
                    md.Append(" Calls of ").Append(string.Join(", ", concurrent.Select(h => $"`{h}`")))
                        .Append(" may overlap the association's next requests, up to the asynchronous operations window.");
                }

                if (message.Message == "C-FIND")
                {
                    md.Append(QueryBehaviour(sop.Uid));
                }

                md.Append("\n\n");
                if (message.Types.Count > 0)
                {
                    var what = message.Message == "N-EVENT-REPORT" ? "Event type" : "Action type";
                    md.Append("| ").Append(what).Append(" | Name | Handler |\n|---|---|---|\n");
                    foreach (var type in message.Types)
                    {
                        md.Append("| ").Append(type.Id).Append(" | ").Append(type.Name).Append(" | `").Append(type.Handler).Append("` |\n");
                    }

                    md.Append('\n');
                }

                md.Append("Statuses sent: ").Append(message.Statuses.Count == 0
                    ? "any the handler returns (no table in the catalogue)"
                    : string.Join(", ", message.Statuses.Select(s => $"{s.CodeText} {s.Meaning}"))).Append(".\n\n");
            }
        }

        md.Append("## Transfer syntaxes\n\nAccepted for every SOP class above, in order of preference:\n\n| Transfer syntax | UID |\n|---|---|\n");
        foreach (var syntax in statement.TransferSyntaxes)
        {
            md.Append("| ").Append(syntax.Name).Append(" | ").Append(syntax.Uid).Append(" |\n");
        }

        md.Append("\n## Limits in force\n\nThe server options the statement was written with (at build time, the defaults of DicomServerOptions; an application that changes them writes its own with ConformanceFiles.Write).\n\n| | |\n|---|---|\n");
        foreach (var limit in statement.Limits)
        {
            md.Append("| ").Append(limit.Name).Append(" | ").Append(limit.Value).Append(" |\n");
        }

        return md.ToString();
    }

    /// <summary>What every [CFind] SCP does, whatever its handler: what PS3.2 A.4.1 asks a query SCP to state.</summary>
    private static string QueryBehaviour(string sopClassUid)
    {
        var levels = QueryModels.LevelsOf(sopClassUid) is { } known
            ? $" Query/Retrieve Levels: {string.Join(", ", known)}; an Identifier without one of them is refused with 0xA900 before the handler runs."
            : string.Empty;
        return " Each match is one pending response (0xFF00) carrying exactly the keys the query asked for, with the Specific Character Set of the match;"
            + " the handler's matching is PS3.4 C.2.2.2 where it uses DicomQuery. C-CANCEL is honoured: the handler's token is cancelled and the query ends with 0xFE00."
            + " The handler time-out does not apply to a stream of matches." + levels;
    }
}
