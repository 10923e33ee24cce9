using System.Collections.Frozen;
using static Declarative.Dicom.Network.Association.AssociationAction;
using static Declarative.Dicom.Network.Association.AssociationEvent;
using static Declarative.Dicom.Network.Association.AssociationState;

namespace Declarative.Dicom.Network.Association;

/// <summary>
/// The state transition table of PS3.8 Table 9-10, one line per cell, so that it can be audited
/// against the standard. The next state of each action is Table 9-6 to 9-9's; AE-6 and AR-8 choose
/// between two and are resolved by the association.
/// </summary>
public static class AssociationStateMachine
{
    private static readonly FrozenDictionary<(AssociationEvent, AssociationState), AssociationAction> Table = Build();

    /// <summary>The action for an event in a state, or null where the table has no entry (a local error).</summary>
    public static AssociationAction? Lookup(AssociationEvent evt, AssociationState state) =>
        Table.TryGetValue((evt, state), out var action) ? action : null;

    /// <summary>The state an action leaves the machine in. AE-6 and AR-8 depend on the situation; see their callers.</summary>
    public static AssociationState NextState(AssociationAction action) => action switch
    {
        AE1 => Sta4,
        AE2 => Sta5,
        AE3 => Sta6,
        AE4 => Sta1,
        AE5 => Sta2,
        AE6 => Sta3, // or Sta13 when the service provider rejects the request itself
        AE7 => Sta6,
        AE8 => Sta13,
        DT1 => Sta6,
        DT2 => Sta6,
        AR1 => Sta7,
        AR2 => Sta8,
        AR3 => Sta1,
        AR4 => Sta13,
        AR5 => Sta1,
        AR6 => Sta7,
        AR7 => Sta8,
        AR8 => Sta9, // Sta10 on the acceptor side
        AR9 => Sta11,
        AR10 => Sta12,
        AA1 => Sta13,
        AA2 => Sta1,
        AA3 => Sta1,
        AA4 => Sta1,
        AA5 => Sta1,
        AA6 => Sta13,
        AA7 => Sta13,
        AA8 => Sta13,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    private static FrozenDictionary<(AssociationEvent, AssociationState), AssociationAction> Build()
    {
        var t = new Dictionary<(AssociationEvent, AssociationState), AssociationAction>();
        void Row(AssociationEvent evt, params (AssociationState State, AssociationAction Action)[] cells)
        {
            foreach (var (state, action) in cells)
            {
                t.Add((evt, state), action);
            }
        }

        (AssociationState, AssociationAction)[] Established(AssociationAction action) =>
            [(Sta6, action), (Sta7, action), (Sta8, action), (Sta9, action), (Sta10, action), (Sta11, action), (Sta12, action)];

        Row(Evt1, (Sta1, AE1));
        Row(Evt2, (Sta4, AE2));
        Row(Evt3, [(Sta2, AA1), (Sta3, AA8), (Sta5, AE3), .. Established(AA8), (Sta13, AA6)]);
        Row(Evt4, [(Sta2, AA1), (Sta3, AA8), (Sta5, AE4), .. Established(AA8), (Sta13, AA6)]);
        Row(Evt5, (Sta1, AE5));
        Row(Evt6, [(Sta2, AE6), (Sta3, AA8), (Sta5, AA8), .. Established(AA8), (Sta13, AA7)]);
        Row(Evt7, (Sta3, AE7));
        Row(Evt8, (Sta3, AE8));
        Row(Evt9, (Sta6, DT1), (Sta8, AR7));
        Row(Evt10, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, DT2), (Sta7, AR6), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA6));
        Row(Evt11, (Sta6, AR1));
        Row(Evt12, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, AR2), (Sta7, AR8), (Sta8, AA8), (Sta9, AA8), (Sta10, AA8), (Sta11, AA8), (Sta12, AA8), (Sta13, AA6));
        Row(Evt13, (Sta2, AA1), (Sta3, AA8), (Sta5, AA8), (Sta6, AA8), (Sta7, AR3), (Sta8, AA8), (Sta9, AA8), (Sta10, AR10), (Sta11, AR3), (Sta12, AA8), (Sta13, AA6));
        Row(Evt14, (Sta8, AR4), (Sta9, AR9), (Sta12, AR4));
        Row(Evt15, [(Sta3, AA1), (Sta4, AA2), (Sta5, AA1), .. Established(AA1)]);
        Row(Evt16, [(Sta2, AA2), (Sta3, AA3), (Sta5, AA3), .. Established(AA3), (Sta13, AA2)]);
        Row(Evt17, [(Sta2, AA5), (Sta3, AA4), (Sta4, AA4), (Sta5, AA4), .. Established(AA4), (Sta13, AR5)]);
        Row(Evt18, (Sta2, AA2), (Sta13, AA2));
        Row(Evt19, [(Sta2, AA1), (Sta3, AA8), (Sta5, AA8), .. Established(AA8), (Sta13, AA7)]);
        return t.ToFrozenDictionary();
    }
}
