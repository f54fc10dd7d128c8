using System.Collections.Concurrent;

namespace Vern.Web.Pages;

/// <summary>What the register page must tell a leader on their next view, when it could not be said in the answer itself: a download
/// whose file was sent but whose delivery the log could not record (the answer was the file, <see cref="RegisterModel.OnPostAsync"/>).
/// Kept in the server's memory, per user, until shown once; a restart forgets it (the delivery history then shows no such export, which
/// is what the log holds). No personal data: the message names counts only.</summary>
public sealed class RegisterNotices
{
    private readonly ConcurrentDictionary<string, string> _byUser = new(StringComparer.Ordinal);

    public void Keep(string userId, string message) => _byUser[userId] = message;

    /// <summary>The message kept for <paramref name="userId"/>, removed as it is taken; null when there is none.</summary>
    public string? Take(string userId) => _byUser.TryRemove(userId, out var message) ? message : null;
}
