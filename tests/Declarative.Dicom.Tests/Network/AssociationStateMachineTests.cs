using Declarative.Dicom.Network.Association;
using static Declarative.Dicom.Network.Association.AssociationAction;
using static Declarative.Dicom.Network.Association.AssociationEvent;
using static Declarative.Dicom.Network.Association.AssociationState;

namespace Declarative.Dicom.Tests.Network;

/// <summary>Spot checks of PS3.8 Table 9-10, cell by cell, including the release collision rows.</summary>
public class AssociationStateMachineTests
{
    [Theory]
    [InlineData(Evt1, Sta1, AE1)]
    [InlineData(Evt2, Sta4, AE2)]
    [InlineData(Evt3, Sta5, AE3)]
    [InlineData(Evt4, Sta5, AE4)]
    [InlineData(Evt5, Sta1, AE5)]
    [InlineData(Evt6, Sta2, AE6)]
    [InlineData(Evt6, Sta13, AA7)]
    [InlineData(Evt7, Sta3, AE7)]
    [InlineData(Evt8, Sta3, AE8)]
    [InlineData(Evt9, Sta6, DT1)]
    [InlineData(Evt9, Sta8, AR7)]
    [InlineData(Evt10, Sta6, DT2)]
    [InlineData(Evt10, Sta7, AR6)]
    [InlineData(Evt10, Sta13, AA6)]
    [InlineData(Evt11, Sta6, AR1)]
    [InlineData(Evt12, Sta6, AR2)]
    [InlineData(Evt12, Sta7, AR8)]
    [InlineData(Evt13, Sta7, AR3)]
    [InlineData(Evt13, Sta10, AR10)]
    [InlineData(Evt13, Sta11, AR3)]
    [InlineData(Evt14, Sta8, AR4)]
    [InlineData(Evt14, Sta9, AR9)]
    [InlineData(Evt14, Sta12, AR4)]
    [InlineData(Evt15, Sta4, AA2)]
    [InlineData(Evt15, Sta6, AA1)]
    [InlineData(Evt16, Sta2, AA2)]
    [InlineData(Evt16, Sta6, AA3)]
    [InlineData(Evt16, Sta13, AA2)]
    [InlineData(Evt17, Sta2, AA5)]
    [InlineData(Evt17, Sta6, AA4)]
    [InlineData(Evt17, Sta13, AR5)]
    [InlineData(Evt18, Sta2, AA2)]
    [InlineData(Evt18, Sta13, AA2)]
    [InlineData(Evt19, Sta2, AA1)]
    [InlineData(Evt19, Sta6, AA8)]
    [InlineData(Evt19, Sta13, AA7)]
    public void Table_MatchesPs38(AssociationEvent evt, AssociationState state, AssociationAction action) =>
        Assert.Equal(action, AssociationStateMachine.Lookup(evt, state));

    [Theory]
    [InlineData(Evt9, Sta1)]
    [InlineData(Evt11, Sta5)]
    [InlineData(Evt14, Sta6)]
    [InlineData(Evt18, Sta6)]
    public void EmptyCells_HaveNoAction(AssociationEvent evt, AssociationState state) =>
        Assert.Null(AssociationStateMachine.Lookup(evt, state));

    [Fact]
    public void EveryPduEvent_HasAnActionInEveryStateWithATransport()
    {
        AssociationEvent[] pduEvents = [Evt3, Evt4, Evt6, Evt10, Evt12, Evt13, Evt16, Evt17, Evt19];
        var withTransport = Enum.GetValues<AssociationState>().Where(s => s is not Sta1 and not Sta4);
        foreach (var state in withTransport)
        {
            foreach (var evt in pduEvents)
            {
                Assert.True(AssociationStateMachine.Lookup(evt, state) is not null, $"{evt} in {state}");
            }
        }
    }
}
