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
}
