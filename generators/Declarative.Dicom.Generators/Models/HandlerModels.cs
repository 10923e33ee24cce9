using System;
using Declarative.Dicom.Generators.Helpers;

namespace Declarative.Dicom.Generators.Models
{
    /// <summary>What a handler parameter receives.</summary>
    internal enum ParameterKind
    {
        Accessor,
        Request,
        CancellationToken,
        /// <summary>The DicomQuery of a C-FIND, C-MOVE or C-GET.</summary>
        Query,
    }

    /// <summary>What a handler returns, once awaited.</summary>
    internal enum ResultKind
    {
        Void,
        Status,
        UShort,
        StatusDataset,
        Result,
        /// <summary>IAsyncEnumerable&lt;DicomDataset&gt;: a C-FIND's matches, one pending response each.</summary>
        Matches,
        /// <summary>IAsyncEnumerable&lt;CStoreRequest&gt;: the instances a C-MOVE or C-GET sends, one sub-operation each.</summary>
        Instances,
    }

    /// <summary>How the handler completes.</summary>
    internal enum AwaitKind
    {
        None,
        Task,
        ValueTask,
    }

    /// <summary>
    /// What one handler attribute binds: a DIMSE service, a SOP class (empty for "every storage SOP class") and,
    /// for N-EVENT-REPORT and N-ACTION, the event or action type (0 for the others).
    /// </summary>
    internal readonly record struct HandlerBinding(Declarative.Dicom.Catalogue.DimseService Service, string SopClassUid, ushort TypeId);

    /// <summary>One parameter: its kind and, for an accessor or a request, the type's fully qualified name.</summary>
    internal readonly record struct HandlerParameter(ParameterKind Kind, string? TypeName);

    /// <summary>
    /// A handler method as the emitter needs it: strings and numbers only, no symbols, so that an edit
    /// elsewhere leaves the model equal and the pipeline cached.
    /// </summary>
    internal sealed record HandlerMethod(
        string Name,
        EquatableArray<HandlerBinding> Bindings,
        EquatableArray<HandlerParameter> Parameters,
        ResultKind Result,
        AwaitKind Await,
        bool Concurrent);

    /// <summary>One containing type of a handler class, outermost first ("partial class Outer").</summary>
    internal readonly record struct TypeDeclaration(string Keyword, string Name);

    /// <summary>A class with handlers, identified by namespace and the chain of types that contain it.</summary>
    internal sealed record HandlerClass(
        string Namespace,
        EquatableArray<TypeDeclaration> Types,
        EquatableArray<HandlerMethod> Methods)
    {
        public string FullName => (Namespace.Length == 0 ? string.Empty : Namespace + ".") + string.Join(".", System.Linq.Enumerable.Select(Types, t => t.Name));

        public string HintName => FullName.Replace('<', '_').Replace('>', '_') + ".Dimse.g.cs";
    }

    /// <summary>A handler method together with the class it belongs to: what the parser yields per attributed method.</summary>
    internal sealed record ParsedHandler(string Namespace, EquatableArray<TypeDeclaration> Types, HandlerMethod Method)
    {
        public string ClassKey => Namespace + "|" + string.Join(".", System.Linq.Enumerable.Select(Types, t => t.Name));
    }
}
