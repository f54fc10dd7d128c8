using Vern.Deadlines.Engine;
using Vern.Deadlines.Reports;
using static Vern.Deadlines.Tests.F;

namespace Vern.Deadlines.Tests.Reports;

public class WorklistTests
{
    [Fact]
    public void Build_OpenDuties_PerCaseworkerMostUrgentFirstUnassignedLast()
    {
        var a = Case(caseworker: "sb1").WithReport(D(2024, 1, 10)).WithReport(D(2024, 1, 1));
        var b = Case(caseworker: null).WithReport(D(2024, 1, 5));
        var open = DeadlineEngine.OpenAll([a, b], D(2024, 1, 12), Book);
        var lists = Worklists.Build(open);
        Assert.Equal(["sb1", "ikke fordelt"], lists.Select(l => l.Owner));
        Assert.Equal([D(2024, 1, 8), D(2024, 1, 17)], lists[0].Items.Select(o => o.DueDate)); // overdue first
        Assert.Equal(1, lists[0].Overdue);
        Assert.Single(Worklists.Build(open, caseworkerId: "ikke fordelt"));
    }
}
