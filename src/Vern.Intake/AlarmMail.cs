using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace Vern.Intake;

/// <summary>Where alarm mail goes (settings, docs/intake.md): an SMTP server, or a pickup directory (one .eml file per
/// mail, for a mail system that collects them; and for tests).</summary>
/// <param name="To">The recipients, comma-separated (e.g. the service's leader's shared mailbox).</param>
public sealed record MailSettings(string To, string From, string? PickupDirectory, string? SmtpHost, int SmtpPort = 25, bool SmtpTls = true)
{
    public bool Configured => !string.IsNullOrWhiteSpace(To) && (!string.IsNullOrWhiteSpace(PickupDirectory) || !string.IsNullOrWhiteSpace(SmtpHost));
}

/// <summary>Sends the alarms as one mail. The mail carries no personal data: senders, receipt ids, times and counts only
/// (the duty of confidentiality, barnevernsloven § 13-1, forbids a child's name in an e-mail).</summary>
public static class AlarmMail
{
    public static string Subject(string municipalityNumber, IReadOnlyList<IntakeAlarm> alarms) =>
        $"Vern mottak {municipalityNumber}: {alarms.Count} alarm{(alarms.Count == 1 ? "" : "er")}";

    public static string Body(string municipalityNumber, IReadOnlyList<IntakeAlarm> alarms, DateTimeOffset now)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"Alarmer for mottaket i kommune {municipalityNumber}, {now:yyyy-MM-dd HH:mm} UTC:\n\n");
        foreach (var a in alarms)
            b.Append("- ").Append(a.Text).Append('\n');
        b.Append("\nSe «vern intake alarms» og «vern intake reconcile», eller ledersiden i Vern.\n");
        return b.ToString();
    }

    /// <summary>Sends one mail with every alarm; nothing when there are none.</summary>
    public static async Task SendAsync(MailSettings settings, string municipalityNumber, IReadOnlyList<IntakeAlarm> alarms, DateTimeOffset now)
    {
        if (alarms.Count == 0)
            return;
        if (!settings.Configured)
            throw new InvalidOperationException("E-post for alarmer er ikke satt opp: oppgi mottaker og en SMTP-server eller en hentemappe (docs/intake.md).");
        using var message = new MailMessage(settings.From, settings.To, Subject(municipalityNumber, alarms), Body(municipalityNumber, alarms, now))
        {
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        using var client = new SmtpClient();
        if (!string.IsNullOrWhiteSpace(settings.PickupDirectory))
        {
            Directory.CreateDirectory(settings.PickupDirectory);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = Path.GetFullPath(settings.PickupDirectory);
        }
        else
        {
            client.Host = settings.SmtpHost!;
            client.Port = settings.SmtpPort;
            client.EnableSsl = settings.SmtpTls;
        }
        await client.SendMailAsync(message);
    }
}
