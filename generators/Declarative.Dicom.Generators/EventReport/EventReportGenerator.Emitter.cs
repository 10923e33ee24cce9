using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;

namespace Declarative.Dicom.Generators.EventReport
{
    public sealed partial class EventReportGenerator
    {
        /// <summary>Model → source. Never touches a symbol; reads the catalogue for accessors, policies and reply definitions.</summary>
        internal static class Emitter
        {
            private const string Ns = "global::Declarative.Dicom.";
            private const string ValueTaskOfResponse = "global::System.Threading.Tasks.ValueTask<global::Declarative.Dicom.DimseResponse>";

            public static string Emit(HandlerClass handlerClass, EquatableArray<PrivateSopClass> declared)
            {
                var bindings = Dispatchable(handlerClass, declared);
                var w = new CodeWriter();
                w.Line(GeneratedCode.Header);
                if (handlerClass.Namespace.Length > 0)
                {
                    w.Open($"namespace {handlerClass.Namespace}");
                }

                for (var i = 0; i < handlerClass.Types.Length - 1; i++)
                {
                    w.Open($"partial {handlerClass.Types[i].Keyword} {handlerClass.Types[i].Name}");
                }

                var self = handlerClass.Types[handlerClass.Types.Length - 1];
                w.Line(GeneratedCode.Attribute);
                w.Open($"partial {self.Keyword} {self.Name} : global::Declarative.Dicom.Network.IDicomServiceHandler");
                EmitContexts(w, bindings);
                EmitSummary(w, bindings);
                EmitEntry(w);
                EmitSwitch(w, bindings);
                foreach (var binding in bindings)
                {
                    EmitInvoker(w, binding);
                }

                w.Close();
                for (var i = 0; i < handlerClass.Types.Length - 1; i++)
                {
                    w.Close();
                }

                if (handlerClass.Namespace.Length > 0)
                {
                    w.Close();
                }

                return w.ToString();
            }

            /// <summary>A binding the dispatch can call: the first method bound to a pair wins, a wrong accessor type drops the pair.</summary>
            private sealed record Dispatch(HandlerMethod Method, EventBinding Binding, OperationTypeInfo? Operation, string InvokerName);

            private static Dispatch[] Dispatchable(HandlerClass handlerClass, EquatableArray<PrivateSopClass> declared)
            {
                var result = new System.Collections.Generic.List<Dispatch>();
                foreach (var method in handlerClass.Methods)
                {
                    foreach (var binding in method.Bindings)
                    {
                        if (result.Any(d => d.Binding == binding))
                        {
                            continue; // DCM1003 tells the user; the first declaration is the one dispatched
                        }

                        var operation = PrivateDeclarations.Find(binding.SopClassUid, declared)?.FindEventType(binding.EventTypeId);
                        var accessor = method.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.Accessor).AccessorType;
                        if (accessor is not null && accessor != AccessorType(operation))
                        {
                            continue; // DCM1005: the accessor does not belong to this event type
                        }

                        result.Add(new Dispatch(method, binding, operation, $"__Invoke{method.Name}_{result.Count}"));
                    }
                }

                return result.ToArray();
            }

            private static string? AccessorType(OperationTypeInfo? operation) => operation is null ? null : "global::Declarative.Dicom." + operation.AccessorName;

            private static void EmitContexts(CodeWriter w, Dispatch[] bindings)
            {
                w.Line("/// <summary>The presentation contexts to accept: one per SOP class with a handler; the peer sends reports as SCP.</summary>");
                w.Open($"private static readonly {Ns}Network.PresentationContextPolicy[] __declarativeDicomContexts = new {Ns}Network.PresentationContextPolicy[]");
                foreach (var uid in bindings.Select(b => b.Binding.SopClassUid).Distinct())
                {
                    var also = ServiceClassCatalogue.FindSopClass(uid)?.AlsoServes ?? System.Array.Empty<string>();
                    var alsoText = also.Length == 0 ? string.Empty : $", AlsoServes = new string[] {{ {string.Join(", ", also.Select(GeneratedCode.Literal))} }}";
                    w.Line($"new {Ns}Network.PresentationContextPolicy({GeneratedCode.Literal(uid)}) {{ RequestorMayBeScu = false, RequestorMayBeScp = true{alsoText} }},");
                }

                w.Close(";");
                w.Line();
                w.Line($"global::System.Collections.Generic.IReadOnlyList<{Ns}Network.PresentationContextPolicy> {Ns}Network.IDicomServiceHandler.PresentationContexts => __declarativeDicomContexts;");
                w.Line();
            }

            private static void EmitSummary(CodeWriter w, Dispatch[] bindings)
            {
                w.Line("/// <summary>What this class handles, for the conformance statement: service, SOP class, event type, method.</summary>");
                w.Open($"public static global::System.Collections.Generic.IReadOnlyList<{Ns}HandledOperation> HandledOperations {{ get; }} = new {Ns}HandledOperation[]");
                foreach (var b in bindings)
                {
                    w.Line($"new {Ns}HandledOperation(global::Declarative.Dicom.Catalogue.DimseService.NEventReport, {GeneratedCode.Literal(b.Binding.SopClassUid)}, {b.Binding.EventTypeId}, {GeneratedCode.Literal(b.Method.Name)}),");
                }

                w.Close(";");
                w.Line();
            }

            private static void EmitEntry(CodeWriter w)
            {
                w.Open($"{ValueTaskOfResponse} {Ns}Network.IDicomServiceHandler.HandleAsync({Ns}DimseRequest request, global::System.Threading.CancellationToken cancellationToken)");
                w.Line($"return request is {Ns}NEventReportRequest report");
                w.Line("    ? __DispatchEventReport(report, cancellationToken)");
                w.Line($"    : new {ValueTaskOfResponse}({Ns}HandlerResults.NotServed(request));");
                w.Close();
                w.Line();
            }

            private static void EmitSwitch(CodeWriter w, Dispatch[] bindings)
            {
                w.Open($"private {ValueTaskOfResponse} __DispatchEventReport({Ns}NEventReportRequest request, global::System.Threading.CancellationToken cancellationToken)");
                w.Open("switch (request.SopClassUid)");
                foreach (var group in bindings.GroupBy(b => b.Binding.SopClassUid))
                {
                    w.Line($"case {GeneratedCode.Literal(group.Key)}:");
                    foreach (var alias in ServiceClassCatalogue.FindSopClass(group.Key)?.AlsoServes ?? System.Array.Empty<string>())
                    {
                        w.Line($"case {GeneratedCode.Literal(alias)}:");
                    }

                    w.Indent().Open("switch (request.EventTypeId)");
                    foreach (var b in group)
                    {
                        w.Line($"case {b.Binding.EventTypeId}:");
                        w.Line($"    return {b.InvokerName}(request, cancellationToken);");
                    }

                    w.Line("default:");
                    w.Line($"    return new {ValueTaskOfResponse}({Ns}HandlerResults.NoSuchEventType(request, request.EventTypeId));");
                    w.Close().Outdent();
                }

                w.Line("default:");
                w.Line($"    return new {ValueTaskOfResponse}({Ns}HandlerResults.NotServed(request));");
                w.Close();
                w.Close();
                w.Line();
            }

            private static void EmitInvoker(CodeWriter w, Dispatch b)
            {
                var accessorType = AccessorType(b.Operation);
                var isAsync = b.Method.Await != AwaitKind.None;
                w.Line($"/// <summary>{b.Method.Name} for event type {b.Binding.EventTypeId} of {b.Binding.SopClassUid}{(b.Operation is null ? string.Empty : $" ({b.Operation.Name})")}.</summary>");
                w.Open($"private {(isAsync ? "async " : string.Empty)}{ValueTaskOfResponse} {b.InvokerName}({Ns}NEventReportRequest request, global::System.Threading.CancellationToken cancellationToken)");
                if (accessorType is not null)
                {
                    // Type 1 attributes are checked before the handler runs: it never sees a report it cannot read.
                    w.Line($"if ({accessorType}.FindMissingAttribute(request.EventInformation) is {{ }} missing)");
                    w.Line($"    return {Wrap($"{Ns}HandlerResults.MissingAttribute(request, missing, \"Event Information\")", isAsync)};");
                }

                if (b.Method.Parameters.Any(p => p.Kind == ParameterKind.Accessor))
                {
                    w.Line($"var accessor = new {accessorType}(request.EventInformation ?? new global::Declarative.Dicom.Data.DicomDataset());");
                }

                var arguments = string.Join(", ", b.Method.Parameters.Select(p => p.Kind switch
                {
                    ParameterKind.Accessor => "accessor",
                    ParameterKind.Request => "request",
                    _ => "cancellationToken",
                }));
                var call = $"{b.Method.Name}({arguments})";
                if (isAsync)
                {
                    call = $"await {call}.ConfigureAwait(false)";
                }

                var replyDefined = b.Operation?.Reply is not null ? "true" : "false";
                if (b.Method.Result == ResultKind.Void)
                {
                    w.Line($"{call};");
                    w.Line($"return {Wrap($"{Ns}HandlerResults.Completed(request)", isAsync)};");
                }
                else
                {
                    w.Line($"var result = {call};");
                    var convert = b.Method.Result switch
                    {
                        ResultKind.StatusDataset => $"{Ns}HandlerResults.FromStatusDataset(request, result)",
                        ResultKind.Result => $"{Ns}HandlerResults.FromResult(request, result, {replyDefined})",
                        _ => $"{Ns}HandlerResults.FromStatus(request, result)",
                    };
                    w.Line($"return {Wrap(convert, isAsync)};");
                }

                w.Close();
                w.Line();
            }

            private static string Wrap(string response, bool isAsync) => isAsync ? response : $"new {ValueTaskOfResponse}({response})";
        }
    }
}
