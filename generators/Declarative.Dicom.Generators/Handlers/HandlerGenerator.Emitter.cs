using System.Collections.Generic;
using System.Linq;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Generators.Helpers;
using Declarative.Dicom.Generators.Models;

namespace Declarative.Dicom.Generators.Handlers
{
    public sealed partial class HandlerGenerator
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
                w.Open($"partial {self.Keyword} {self.Name} : {Ns}Network.IDicomServiceHandler, {Ns}Network.IDeclaresOperations");
                EmitContexts(w, bindings);
                EmitSummary(w, bindings);
                EmitEntry(w, bindings);
                foreach (var service in bindings.GroupBy(b => b.Kind))
                {
                    EmitSwitch(w, service.Key, service.ToArray());
                }

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

            /// <summary>A binding the dispatch can call, with what the catalogue describes of its dataset (event, action, N-CREATE or N-SET list).</summary>
            private sealed record Dispatch(HandlerMethod Method, HandlerBinding Binding, HandlerKind Kind, SopClassInfo? Sop, OperationTypeInfo? Operation, string InvokerName)
            {
                public bool TakesAccessor => Method.Parameters.Any(p => p.Kind == ParameterKind.Accessor);

                /// <summary>Whether the response may carry a dataset: a defined Event/Action Reply, or an N-CREATE/N-SET/N-GET attribute list.</summary>
                public bool DatasetDefined => Kind.HasTypeId ? Operation?.Reply is not null : Kind.Service is DimseService.NCreate or DimseService.NSet or DimseService.NGet;
            }

            /// <summary>
            /// The first method bound to a (service, SOP class, type) wins (DCM1003 reports the others); a parameter the
            /// binding cannot be given (an accessor of another operation, another service's request) drops the binding (DCM1005).
            /// </summary>
            private static Dispatch[] Dispatchable(HandlerClass handlerClass, EquatableArray<PrivateSopClass> declared)
            {
                var result = new List<Dispatch>();
                foreach (var method in handlerClass.Methods)
                {
                    foreach (var binding in method.Bindings)
                    {
                        if (result.Any(d => d.Binding == binding))
                        {
                            continue;
                        }

                        var kind = HandlerKinds.Of(binding.Service);
                        var sop = binding.SopClassUid.Length == 0 ? null : PrivateDeclarations.Find(binding.SopClassUid, declared);
                        var operation = sop?.FindOperation(binding.Service, binding.TypeId);
                        var accessor = method.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.Accessor).TypeName;
                        var request = method.Parameters.FirstOrDefault(p => p.Kind == ParameterKind.Request).TypeName;
                        if ((accessor is not null && accessor != AccessorType(operation)) || (request is not null && !HandlerShape.AcceptsRequest(kind, request)))
                        {
                            continue;
                        }

                        result.Add(new Dispatch(method, binding, kind, sop, operation, $"__Invoke{method.Name}_{result.Count}"));
                    }
                }

                return result.ToArray();
            }

            private static string? AccessorType(OperationTypeInfo? operation) => operation is null ? null : Ns + operation.AccessorName;

            private static string DispatchName(HandlerKind kind) => "__Dispatch" + kind.Service;

            private static void EmitContexts(CodeWriter w, Dispatch[] bindings)
            {
                w.Line("/// <summary>The presentation contexts to accept, one per SOP class with a handler: the peer is SCU of the services we perform, SCP of the events it reports.</summary>");
                // Contexts computed at start-up, outermost first: a C-GET's C-STOREs come back in storage contexts the requestor
                // proposes with the SCP role; a parameterless [CStore] takes every storage SOP class.
                var computed = new List<string>();
                if (bindings.Any(b => b.Kind.Service == DimseService.CGet))
                {
                    computed.Add("WithStorageForCGet");
                }

                if (bindings.Any(b => b.Binding.SopClassUid == HandlerKinds.EveryStorageSopClass))
                {
                    computed.Add("WithEveryStorageSopClass");
                }

                var declaration = $"private static readonly {Ns}Network.PresentationContextPolicy[] __declarativeDicomContexts = ";
                w.Open($"{declaration}{string.Concat(computed.Select(c => $"{Ns}HandlerContexts.{c}("))}new {Ns}Network.PresentationContextPolicy[]");
                foreach (var group in bindings.Where(b => b.Binding.SopClassUid != HandlerKinds.EveryStorageSopClass).GroupBy(b => b.Binding.SopClassUid))
                {
                    var uid = group.Key;
                    var also = ServiceClassCatalogue.FindSopClass(uid)?.AlsoServes ?? System.Array.Empty<string>();
                    var alsoText = also.Length == 0 ? string.Empty : $", AlsoServes = new string[] {{ {string.Join(", ", also.Select(GeneratedCode.Literal))} }}";
                    var peerIsScu = group.Any(b => b.Kind.Service != DimseService.NEventReport) ? "true" : "false";
                    var peerIsScp = group.Any(b => b.Kind.Service == DimseService.NEventReport) ? "true" : "false";
                    w.Line($"new {Ns}Network.PresentationContextPolicy({GeneratedCode.Literal(uid)}) {{ RequestorMayBeScu = {peerIsScu}, RequestorMayBeScp = {peerIsScp}{alsoText} }},");
                }

                w.Close(new string(')', computed.Count) + ";");
                w.Line();
                w.Line($"global::System.Collections.Generic.IReadOnlyList<{Ns}Network.PresentationContextPolicy> {Ns}Network.IDicomServiceHandler.PresentationContexts => __declarativeDicomContexts;");
                w.Line();
            }

            private static void EmitSummary(CodeWriter w, Dispatch[] bindings)
            {
                w.Line("/// <summary>What this class handles, for the conformance statement: service, SOP class (empty: every storage SOP class), event or action type, method.</summary>");
                w.Open($"public static global::System.Collections.Generic.IReadOnlyList<{Ns}HandledOperation> HandledOperations {{ get; }} = new {Ns}HandledOperation[]");
                foreach (var b in bindings)
                {
                    var concurrent = b.Method.Concurrent ? ", true" : string.Empty;
                    w.Line($"new {Ns}HandledOperation({Ns}Catalogue.DimseService.{b.Kind.Service}, {GeneratedCode.Literal(b.Binding.SopClassUid)}, {b.Binding.TypeId}, {GeneratedCode.Literal(b.Method.Name)}{concurrent}),");
                }

                w.Close(";");
                w.Line();
                w.Line($"global::System.Collections.Generic.IReadOnlyList<{Ns}HandledOperation> {Ns}Network.IDeclaresOperations.HandledOperations => HandledOperations;");
                w.Line();
            }

            private static void EmitEntry(CodeWriter w, Dispatch[] bindings)
            {
                w.Open($"{ValueTaskOfResponse} {Ns}Network.IDicomServiceHandler.HandleAsync({Ns}DimseRequest request, global::System.Threading.CancellationToken cancellationToken)");
                w.Open("switch (request)");
                foreach (var kind in bindings.Select(b => b.Kind).Distinct())
                {
                    w.Line($"case {Ns}{kind.RequestName} {Camel(kind.RequestName)}:");
                    w.Line($"    return {DispatchName(kind)}({Camel(kind.RequestName)}, cancellationToken);");
                }

                w.Line("default:");
                w.Line($"    return new {ValueTaskOfResponse}({Ns}HandlerResults.NotServed(request));");
                w.Close();
                w.Close();
                w.Line();
            }

            private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

            private static void EmitSwitch(CodeWriter w, HandlerKind kind, Dispatch[] bindings)
            {
                w.Open($"private {ValueTaskOfResponse} {DispatchName(kind)}({Ns}{kind.RequestName} request, global::System.Threading.CancellationToken cancellationToken)");
                var named = bindings.Where(b => b.Binding.SopClassUid != HandlerKinds.EveryStorageSopClass).GroupBy(b => b.Binding.SopClassUid).ToList();
                // A request may name another class than its context's (UPS Push on a UPS Pull, Watch or Event context,
                // PS3.4 CC.2): the context decides then. Several contexts share that alias, so it cannot be a case label.
                var aliased = named.Any(g => ServiceClassCatalogue.FindSopClass(g.Key)?.AlsoServes.Length > 0);
                w.Open(aliased ? $"switch ({Ns}HandlerContexts.SopClassOf(request))" : "switch (request.SopClassUid)");
                foreach (var group in named)
                {
                    w.Line($"case {GeneratedCode.Literal(group.Key)}:");

                    if (!kind.HasTypeId)
                    {
                        w.Line($"    return {group.First().InvokerName}(request, cancellationToken);");
                        continue;
                    }

                    var isEvent = kind.Service == DimseService.NEventReport;
                    var typeId = isEvent ? "request.EventTypeId" : "request.ActionTypeId";
                    w.Indent().Open($"switch ({typeId})");
                    foreach (var b in group)
                    {
                        w.Line($"case {b.Binding.TypeId}:");
                        w.Line($"    return {b.InvokerName}(request, cancellationToken);");
                    }

                    w.Line("default:");
                    w.Line($"    return new {ValueTaskOfResponse}({Ns}HandlerResults.{(isEvent ? "NoSuchEventType" : "NoSuchActionType")}(request, {typeId}));");
                    w.Close().Outdent();
                }

                w.Line("default:");
                if (bindings.FirstOrDefault(b => b.Binding.SopClassUid == HandlerKinds.EveryStorageSopClass) is { } everyStorage)
                {
                    w.Line($"    if ({Ns}Catalogue.ServiceClassCatalogue.IsStorageSopClass(request.SopClassUid))");
                    w.Line($"        return {everyStorage.InvokerName}(request, cancellationToken);");
                }

                w.Line($"    return new {ValueTaskOfResponse}({Ns}HandlerResults.NotServed(request));");
                w.Close();
                w.Close();
                w.Line();
            }

            private static void EmitInvoker(CodeWriter w, Dispatch b)
            {
                var accessorType = AccessorType(b.Operation);
                var isAsync = b.Method.Await != AwaitKind.None;
                var what = b.Kind.HasTypeId ? $"{b.Kind.TypeIdName} {b.Binding.TypeId} of {b.Binding.SopClassUid}" : b.Binding.SopClassUid.Length == 0 ? "every storage SOP class" : b.Binding.SopClassUid;
                w.Line($"/// <summary>{b.Method.Name} for {b.Kind.Display}, {what}{(b.Operation is null ? string.Empty : $" ({b.Operation.Name})")}.</summary>");
                w.Open($"private {(isAsync ? "async " : string.Empty)}{ValueTaskOfResponse} {b.InvokerName}({Ns}{b.Kind.RequestName} request, global::System.Threading.CancellationToken cancellationToken)");
                if (accessorType is not null)
                {
                    // What PS3.4 forbids or requires of the dataset is checked before the handler runs: it never sees a
                    // request it cannot read, nor an N-SET of an attribute N-SET may not change.
                    if (b.Kind.Service == DimseService.NSet && b.Sop?.Create is not null)
                    {
                        w.Line($"if ({accessorType}.FindNotAllowed(request.Dataset) is {{ }} notAllowed)");
                        w.Line($"    return {Wrap($"{Ns}HandlerResults.NotAllowedInSet(request, notAllowed)", isAsync)};");
                    }

                    var information = b.Kind.Service switch
                    {
                        DimseService.NEventReport => "Event Information",
                        DimseService.NAction => "Action Information",
                        _ => b.Operation!.Name,
                    };
                    w.Line($"if ({accessorType}.CheckRequired(request.Dataset) is {{ }} missing)");
                    w.Line($"    return {Wrap($"{Ns}HandlerResults.MissingAttribute(request, missing, \"{information}\")", isAsync)};");
                }

                if (HandlerKinds.IsQuery(b.Kind.Service))
                {
                    // An Identifier that is not one of this model's (no or a foreign Query/Retrieve Level, undecodable) is refused before the handler runs.
                    w.Line($"if ({Ns}HandlerResults.RefuseQuery(request) is {{ }} refusal)");
                    w.Line($"    return {Wrap("refusal", isAsync)};");
                }

                if (b.TakesAccessor)
                {
                    // One accessor per request object, which the association lends again: none made per message.
                    w.Line($"var accessor = request.AccessorFor(dataset => new {accessorType}(dataset));");
                }

                if (b.Method.Concurrent)
                {
                    // [ConcurrentHandler]: while this call awaits, the association may serve the requests that follow.
                    w.Line("request.AllowConcurrency();");
                }

                var arguments = string.Join(", ", b.Method.Parameters.Select(p => p.Kind switch
                {
                    ParameterKind.Accessor => "accessor",
                    ParameterKind.Request => "request",
                    ParameterKind.Query => "request.Query",
                    _ => "cancellationToken",
                }));
                var call = $"{b.Method.Name}({arguments})";
                if (isAsync)
                {
                    call = $"await {call}.ConfigureAwait(false)";
                }

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
                        ResultKind.Matches => $"{Ns}HandlerResults.Matches(request, result)",
                        ResultKind.Instances => $"{Ns}HandlerResults.Instances(request, result)",
                        ResultKind.Result => $"{Ns}HandlerResults.FromResult(request, result, {(b.DatasetDefined ? "true" : "false")})",
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
