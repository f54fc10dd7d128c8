using System.Globalization;
using System.Text;
using Vern.Deadlines.Engine;

namespace Vern.Deadlines.Reports;

/// <summary>An open or closed duty as shown to users and over the API (JSON/CSV): no internal references.</summary>
public sealed record ObligationView(
    string CaseId,
    string MunicipalityNumber,
    string JournalNumber,
    string Responsible,
    string Rule,
    string Title,
    string Act,
    string Source,
    string SourceUrl,
    string? EntryId,
    DateOnly LegalDate,
    DateOnly DueDate,
    DateOnly? RegisterDueDate,
    int DaysLeft,
    string Status,
    DateOnly? MetOn,
    string? Detail)
{
    public static ObligationView From(Obligation o, DateOnly asOf) => new(
        o.CaseId.ToString(), o.Case.MunicipalityNumber, o.Case.JournalNumber, o.Responsible ?? Worklist.UnassignedLabel,
        o.Rule.Id, o.Rule.Title, o.Rule.Act, o.Rule.Source.Citation, o.Rule.Source.Url, o.EntryId?.ToString(),
        o.LegalDate, o.DueDate, o.RegisterDueDate, o.DaysLeft(asOf), StatusText(o.Status), o.MetOn, o.Detail);

    /// <summary>Bokmål status label.</summary>
    public static string StatusText(ObligationStatus s) => s switch
    {
        ObligationStatus.Open => "åpen",
        ObligationStatus.Overdue => "over fristen",
        ObligationStatus.MetOnTime => "utført i tide",
        ObligationStatus.MetLate => "utført for sent",
        ObligationStatus.Missed => "ikke utført",
        ObligationStatus.Lapsed => "bortfalt",
        _ => throw new NotSupportedException($"The status {s} has not been implemented."),
    };

    public const string CsvHeader = "case_id,municipality,journal_number,responsible,rule,title,act,source,due_date,register_due_date,days_left,status,legal_date,entry_id,detail";

    /// <summary>One CSV line (RFC 4180 quoting), matching <see cref="CsvHeader"/>.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder(200);
        void F(string? v, bool last = false)
        {
            v ??= "";
            if (v.AsSpan().IndexOfAny(",\"\n\r") >= 0) sb.Append('"').Append(v.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else sb.Append(v);
            if (!last) sb.Append(',');
        }
        static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        F(CaseId); F(MunicipalityNumber); F(JournalNumber); F(Responsible); F(Rule); F(Title); F(Act); F(Source);
        F(Day(DueDate)); F(Day(RegisterDueDate)); F(DaysLeft.ToString(CultureInfo.InvariantCulture)); F(Status); F(Day(LegalDate));
        F(EntryId); F(Detail, last: true);
        return sb.ToString();
    }
}
