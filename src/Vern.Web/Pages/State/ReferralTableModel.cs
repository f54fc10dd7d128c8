using Vern.Domain.State;

namespace Vern.Web.Pages.State;

/// <summary>A table of referrals (the partial <c>State/_ReferralTable</c>): its id, caption, rows and whether to show the
/// municipality (Bufetat's view).</summary>
public sealed record ReferralTableModel(string Id, string Caption, IReadOnlyList<ReferralState> Rows, DateOnly Today, bool ShowMunicipality);
