// Shared source (see CatalogueModel.cs): the state machines of the SOP instances the framework keeps, entered once from
// PS3.4, read by the runtime (which applies them) and available to the generator and analyzers.

namespace Declarative.Dicom.Catalogue
{
    /// <summary>
    /// The states of a managed SOP instance: the attribute that holds the state, the state an N-CREATE must give it, the
    /// changes allowed, and the final states after which the instance may no longer be updated.
    /// </summary>
    public sealed class StateMachineInfo
    {
        public StateMachineInfo(string name, string sopClassUid, uint stateTag, string initial, string[] final, string[][] transitions, string source)
        {
            Name = name;
            SopClassUid = sopClassUid;
            StateTag = stateTag;
            Initial = initial;
            Final = final;
            Transitions = transitions;
            Source = source;
        }

        public string Name { get; }

        public string SopClassUid { get; }

        public uint StateTag { get; }

        public string Initial { get; }

        public string[] Final { get; }

        /// <summary>Each allowed change as { from, to }; staying in a non-final state (an update) is always allowed.</summary>
        public string[][] Transitions { get; }

        /// <summary>Where in PS3.4 the machine is stated.</summary>
        public string Source { get; }

        public bool IsFinal(string state) => System.Array.IndexOf(Final, state) >= 0;

        public bool IsState(string state) =>
            state == Initial || IsFinal(state) || System.Array.Exists(Transitions, t => t[0] == state || t[1] == state);

        public bool Allows(string from, string to) =>
            (from == to && !IsFinal(from)) || System.Array.Exists(Transitions, t => t[0] == from && t[1] == to);
    }

    public static class WorkflowStateCatalogue
    {
        /// <summary>
        /// Modality Performed Procedure Step: created IN PROGRESS; an N-SET may move it to COMPLETED or DISCONTINUED, after
        /// which it may no longer be updated (0x0110, Error ID 0xA710).
        /// </summary>
        public static readonly StateMachineInfo PerformedProcedureStep = new(
            "Performed Procedure Step", "1.2.840.10008.3.1.2.3.3", 0x00400252, "IN PROGRESS",
            new[] { "COMPLETED", "DISCONTINUED" },
            new[] { new[] { "IN PROGRESS", "COMPLETED" }, new[] { "IN PROGRESS", "DISCONTINUED" } },
            "PS3.4 F.1.3 (Table F.1-3), F.7.2.2.3 and Table F.7.2-2");

        /// <summary>
        /// Unified Procedure Step: created SCHEDULED; claimed IN PROGRESS by a performer (Change State with its Transaction
        /// UID); COMPLETED or CANCELED by that performer; a SCHEDULED workitem may be CANCELED on request. Final states
        /// are never left.
        /// </summary>
        public static readonly StateMachineInfo UnifiedProcedureStep = new(
            "Unified Procedure Step", "1.2.840.10008.5.1.4.34.6.1", 0x00741000, "SCHEDULED",
            new[] { "COMPLETED", "CANCELED" },
            new[] { new[] { "SCHEDULED", "IN PROGRESS" }, new[] { "SCHEDULED", "CANCELED" }, new[] { "IN PROGRESS", "COMPLETED" }, new[] { "IN PROGRESS", "CANCELED" } },
            "PS3.4 CC.1.1 (Table CC.1.1-2)");

        public static readonly StateMachineInfo[] All = { PerformedProcedureStep, UnifiedProcedureStep };
    }
}
