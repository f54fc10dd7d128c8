namespace Vern.Domain.Finance;

/// <summary>A stay the state bills a municipality for (grunnlag for faktura): which municipality, which child (a
/// reference, never a fødselsnummer), which measure, and the stay's dates (both ends inclusive).</summary>
/// <remarks>The state side's placements (issue 21, the state helper) will be mapped to this after both land; until then
/// the stays come from a CSV file.</remarks>
/// <param name="Parents">For a centre for parents and children: the parents staying (the family rule, <see cref="CopayStay.FamilyFactor"/>).</param>
/// <param name="Children">For a centre for parents and children: the children staying.</param>
public sealed record BillableStay(string Municipality, string ChildRef, string Measure, DateOnly From, DateOnly To, DateOnly? PlacedOn = null, DateOnly? SettledOn = null,
    int Parents = 1, int Children = 1)
{
    public CopayStay ToCopayStay() => new(Measure, From, To, PlacedOn, SettledOn, Parents, Children);
}
