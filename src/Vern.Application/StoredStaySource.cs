using Vern.Domain.Finance;
using Vern.Finance;

namespace Vern.Application;

/// <summary>The glue between the two halves of issue 21: the state side's stored stays (<see cref="VernApp.StaysAsync"/>,
/// access-checked and logged there) as billable stays for the invoices. A stay still open is billed to the month's end;
/// a stay whose co-payment code Finance does not bill (an ordinary foster home: the municipality's own cost) is left out; an
/// unaccompanied minor's institution stay is billed as <c>institution-uam</c>.</summary>
public sealed class StoredStaySource(VernApp app, Actor actor, string purpose = "") : IBillableStaySource
{
    public async Task<IReadOnlyList<BillableStay>> StaysAsync(YearMonth month, string? municipality, CancellationToken cancellationToken = default)
    {
        var stays = await app.StaysAsync(actor, month.First, month.Last, municipality, purpose: purpose);
        return stays.Select(s => (Stay: s, Code: s.UnaccompaniedMinor && s.CopayCode == CopayMeasures.Institution ? CopayMeasures.InstitutionUam : s.CopayCode))
            .Where(x => CopayMeasures.Find(x.Code) is not null)
                        // The child is named by its referral, as on the stored invoices: never by the person key (fødselsnummer).
            .Select(x => new BillableStay(x.Stay.MunicipalityNumber, VernApp.ChildRef(x.Stay.ReferralId), x.Code, x.Stay.From, x.Stay.To ?? month.Last, x.Stay.PlacedOn,
                x.Code == CopayMeasures.InstitutionUam ? x.Stay.SettledOn : null, x.Stay.Parents, x.Stay.Children))
            .ToList();
    }
}
