using System.Text.Json.Nodes;
using Declarative.Dicom.Conformance;
using Declarative.Dicom.Network;

namespace Declarative.Dicom.Tests.Services;

/// <summary>The conformance statement built from generated HandledOperations: roles, types, statuses and limits as the code has them.</summary>
public class ConformanceStatementTests
{
    private static readonly ConformanceStatement Statement = ConformanceStatement.From("EVERY", EveryServiceHandlers.HandledOperations);

    private static MessageConformance Message(string sopClassUid, string message) =>
        Statement.SopClasses.Single(s => s.Uid == sopClassUid).Messages.Single(m => m.Message == message);

    [Fact]
    public void EventReportHandlers_MakeTheApplicationTheScu_AndEveryOtherKindTheScp()
    {
        Assert.Equal("SCU", Message(SopClass.StorageCommitmentPushModel, "N-EVENT-REPORT").Role);
        Assert.Equal("SCP", Message(SopClass.StorageCommitmentPushModel, "N-ACTION").Role);
        Assert.Equal("SCP", Message(SopClass.ModalityPerformedProcedureStep, "N-SET").Role);
        Assert.Equal("SCP", Message(SopClass.Verification, "C-ECHO").Role);
    }

    [Fact]
    public void ActionTypes_AreNamedFromTheCatalogue_WithTheirHandler()
    {
        var type = Assert.Single(Message(SopClass.StorageCommitmentPushModel, "N-ACTION").Types);

        Assert.Equal(new OperationTypeConformance(1, "Request Storage Commitment", "OnCommitRequest"), type);
    }

    [Fact]
    public void StatusesAreThoseOfTheServiceClassForTheMessage()
    {
        var statuses = Message(SopClass.ModalityPerformedProcedureStep, "N-SET").Statuses.Select(s => s.CodeText).ToList();

        Assert.Contains("0x0110", statuses);
        Assert.DoesNotContain("0x0113", statuses);
        Assert.DoesNotContain("0x0111", statuses);
    }

    [Fact]
    public void CStoreForEveryStorageClass_ListsEveryStorageSopClassUid()
    {
        var every = Statement.SopClasses.Single(s => s.Uid.Length == 0);

        Assert.Contains(SopClass.MRImageStorage, every.Uids);
        Assert.True(every.Uids.Count > 100, $"{every.Uids.Count} storage SOP classes");
        Assert.Contains(Message("", "C-STORE").Statuses, s => s.CodeText == "0xB006" && s.Meaning == "Elements discarded");
    }

    [Fact]
    public void ConcurrentHandlers_AreNamed_AndTheWindowSaysTheyOverlap()
    {
        var statement = ConformanceStatement.From("CONCURRENT", Network.GatedCommitmentListener.HandledOperations);
        var report = statement.SopClasses.Single().Messages.Single();
        var markdown = ConformanceMarkdown.Render(statement);

        Assert.Equal(["OnCommitted"], report.ConcurrentHandlers);
        Assert.Contains("Calls of `OnCommitted` may overlap the association's next requests, up to the asynchronous operations window.", markdown);
        Assert.Contains(statement.Limits, l => l.Value.StartsWith("up to 16 performed (served in arrival order, except the handlers marked concurrent above, whose calls overlap)"));
        Assert.Empty(Message(SopClass.StorageCommitmentPushModel, "N-EVENT-REPORT").ConcurrentHandlers!);
        Assert.Contains(Statement.Limits, l => l.Value.StartsWith("up to 16 performed (served in arrival order), "));
    }

    [Fact]
    public void LimitsAreTheOptionsGiven()
    {
        var statement = ConformanceStatement.From("EVERY", EveryServiceHandlers.HandledOperations, new DicomServerOptions { MaxPduLength = 65536, MaxAssociations = 8 });

        Assert.Contains(new LimitConformance("Maximum PDU length received", "65536 bytes"), statement.Limits);
        Assert.Contains(new LimitConformance("Associations served at once", "8"), statement.Limits);
    }

    [Fact]
    public void MarkdownAndJson_CarryTheSameRows()
    {
        var markdown = ConformanceMarkdown.Render(Statement);
        var json = JsonNode.Parse(ConformanceJson.Render(Statement))!;

        Assert.Contains("| StorageCommitmentPushModelSOPClass | 1.2.840.10008.1.20.1 | N-ACTION | SCP |", markdown);
        Assert.Contains("| 1 | Request Storage Commitment | `OnCommitRequest` |", markdown);
        var sop = json["sopClasses"]!.AsArray().Single(s => (string?)s!["uid"] == SopClass.StorageCommitmentPushModel)!;
        Assert.Equal(["N-EVENT-REPORT", "N-ACTION"], sop["messages"]!.AsArray().Select(m => (string)m!["message"]!));
        Assert.Equal("EVERY", (string?)json["application"]);
    }
}
