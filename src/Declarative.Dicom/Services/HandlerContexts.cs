using System.ComponentModel;
using Declarative.Dicom.Catalogue;
using Declarative.Dicom.Network;

namespace Declarative.Dicom;

/// <summary>Presentation contexts that generated dispatch code computes at start-up rather than spelling out.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class HandlerContexts
{
    /// <summary>
    /// The declared contexts and, for a parameterless [CStore], one context per SOP class of the Storage Service
    /// Class that the declared ones do not already name (the peer is SCU of C-STORE).
    /// </summary>
    public static PresentationContextPolicy[] WithEveryStorageSopClass(PresentationContextPolicy[] declared)
    {
        var named = new HashSet<string>(declared.Select(p => p.AbstractSyntax), StringComparer.Ordinal);
        var result = new List<PresentationContextPolicy>(declared);
        foreach (var uid in ServiceClassCatalogue.StorageSopClassUids)
        {
            if (named.Add(uid))
            {
                result.Add(new PresentationContextPolicy(uid));
            }
        }

        return [.. result];
    }

    /// <summary>
    /// The contexts and, for a [CGet], every SOP class of the Storage Service Class with the requestor allowed the SCP role
    /// (PS3.4 C.4.3: the C-GET's C-STOREs come back on its association, in contexts it proposed with that role). A storage
    /// class a [CStore] also takes keeps the SCU role beside it.
    /// </summary>
    public static PresentationContextPolicy[] WithStorageForCGet(PresentationContextPolicy[] declared)
    {
        var result = new List<PresentationContextPolicy>(declared);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < result.Count; i++)
        {
            index[result[i].AbstractSyntax] = i;
        }

        foreach (var uid in ServiceClassCatalogue.StorageSopClassUids)
        {
            if (index.TryGetValue(uid, out var at))
            {
                result[at] = result[at] with { RequestorMayBeScp = true };
            }
            else
            {
                result.Add(new PresentationContextPolicy(uid) { RequestorMayBeScu = false, RequestorMayBeScp = true });
            }
        }

        return [.. result];
    }

    /// <summary>
    /// The SOP class a request is dispatched by: its own, unless it names a class its presentation context's SOP
    /// class also serves (UPS Push on a UPS Pull, Watch or Event context, PS3.4 CC.2), when the context's decides.
    /// </summary>
    public static string SopClassOf(DimseRequest request)
    {
        var named = request.SopClassUid;
        var context = request.PresentationContext?.AbstractSyntax;
        if (context is null || string.Equals(context, named, StringComparison.Ordinal))
        {
            return named;
        }

        return ServiceClassCatalogue.FindSopClass(context)?.AlsoServes is { Length: > 0 } also && Array.IndexOf(also, named) >= 0 ? context : named;
    }
}
