using System.Security.Cryptography;
using Dispatch.Domain.Escalation;
using Dispatch.Domain.Messaging;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Reports;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Dispatch.Infrastructure.Messaging;

/// <summary>
/// Works out the texts a whistle, an escalation step or a bulletin calls for, from what the
/// database holds (the summonses, the steps taken, who is on duty), and stores each once under
/// its key; then hands the new ones to delivery. Planning again — after a commit, on the
/// periodic sweep, on another node — finds the keys taken and plans nothing twice.
/// </summary>
public sealed class TextPlanner(
    UnitOfWork unitOfWork,
    ITextDispatch queue,
    IOptions<SmsOptions> options,
    TimeProvider clock,
    ILogger<TextPlanner> logger)
{
    /// <summary>The texts of a whistle: a summons text per pending summons, one per texted escalation step taken.</summary>
    public async Task<int> PlanWhistleAsync(Guid whistleId, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return 0;
        }

        var planned = await unitOfWork.ExecuteAsync(db => PlanWhistleAsync(db, whistleId, cancellationToken), cancellationToken);
        await queue.EnqueueAsync([.. planned.Where(t => t.State == TextState.Queued).Select(t => t.Id)], cancellationToken);
        if (planned.Count > 0)
        {
            logger.LogInformation("Planned {Count} text(s) for whistle {Whistle} ({Skipped} without a mobile)", planned.Count, whistleId, planned.Count(t => t.State == TextState.Skipped));
        }

        return planned.Count;
    }

    /// <summary>The bulletin's short text to every county department head and township center director.</summary>
    public async Task<int> PlanBulletinAsync(Guid bulletinId, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return 0;
        }

        var planned = await unitOfWork.ExecuteAsync(async db =>
        {
            var bulletin = await db.Bulletins.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bulletinId, cancellationToken);
            if (bulletin is null)
            {
                return [];
            }

            var county = await db.Centers.AsNoTracking().Where(c => c.Level == CenterLevel.County).Select(c => c.Id).ToListAsync(cancellationToken);
            var heads = await db.Departments.AsNoTracking().Where(d => county.Contains(d.CenterId)).OrderBy(d => d.Name)
                .Select(d => new { d.ShortName, d.HeadName, d.HeadPhone }).ToListAsync(cancellationToken);
            var townships = await db.Centers.AsNoTracking().Where(c => c.Level == CenterLevel.Township).Select(c => c.Id).ToListAsync(cancellationToken);
            var directors = await db.Staff.AsNoTracking().Where(s => s.Role == StaffRole.Director && townships.Contains(s.CenterId))
                .OrderBy(s => s.UserName).Select(s => new { s.Id, s.DisplayName, s.Phone }).ToListAsync(cancellationToken);
            var audience = TextRules.Sort([
                .. heads.Select(h => ((Guid?)null, h.HeadName is { Length: > 0 } name ? $"{name}（{h.ShortName}负责人）" : $"{h.ShortName}负责人", h.HeadPhone)),
                .. directors.Select(d => ((Guid?)d.Id, d.DisplayName, d.Phone)),
            ]);
            var content = bulletin.Content;
            var text = TextTemplates.Bulletin(content.Day, content.Numbers.Received, content.Numbers.Closed, content.OverdueCount,
                [.. content.Overdue.Select(o => o.Owner)], $"{BaseUrl}/bulletins/{content.Day:yyyy-MM-dd}");
            return await StoreAsync(db, TextPurpose.Bulletin, $"{content.Day:yyyy-MM-dd}", null, audience, _ => text, withLink: false, cancellationToken);
        }, cancellationToken);
        await queue.EnqueueAsync([.. planned.Where(t => t.State == TextState.Queued).Select(t => t.Id)], cancellationToken);
        return planned.Count;
    }

    private string BaseUrl => options.Value.PublicBaseUrl.TrimEnd('/');

    private async Task<List<TextMessage>> PlanWhistleAsync(DispatchDbContext db, Guid whistleId, CancellationToken cancellationToken)
    {
        var whistle = await db.Whistles.AsNoTracking().FirstOrDefaultAsync(w => w.Id == whistleId, cancellationToken);
        if (whistle is null || !whistle.IsOpen)
        {
            return [];
        }

        var @case = await db.Cases.AsNoTracking().Where(c => c.Id == whistle.CaseId)
            .Select(c => new { c.Code, c.Title, c.Address }).FirstAsync(cancellationToken);
        var departmentIds = whistle.Summonses.Select(s => s.DepartmentId).Distinct().ToList();
        var contacts = await ContactsAsync(db, departmentIds, cancellationToken);
        var planned = new List<TextMessage>();
        foreach (var summons in whistle.Summonses.Where(s => s.IsInProgress))
        {
            var subject = new TextSubject(whistle.Id, summons.Id, summons.DepartmentId, summons.DepartmentName);
            SummonsFacts Facts(string link) => new(@case.Code, @case.Title, @case.Address, summons.DepartmentName, summons.AcknowledgeDueAt, link);
            var department = contacts[summons.DepartmentId];
            if (summons.State == SummonsState.Pending)
            {
                planned.AddRange(await StoreAsync(db, TextPurpose.Summons, $"{summons.Id:N}:{summons.Round}", subject,
                    TextRules.For(TextPurpose.Summons, department), link => TextTemplates.Summons(Facts(link)), withLink: true, cancellationToken));
            }

            foreach (var step in summons.Escalations.Where(e => e.Round == summons.Round))
            {
                var nobodyPresent = step.StepKey == EscalationStep.NobodyPresent(step.Action).Key;
                if (TextRules.PurposeOf(step.Action, nobodyPresent) is not { } purpose)
                {
                    continue;
                }

                var deadline = step.Deadline switch
                {
                    DeadlineKind.OnSite => summons.OnSiteDueAt,
                    DeadlineKind.Result => summons.ResultDueAt,
                    _ => summons.AcknowledgeDueAt,
                };
                Func<string, string> words = purpose switch
                {
                    TextPurpose.Reminder => link => TextTemplates.Reminder(Facts(link), step.Deadline, deadline, step.TakenAt),
                    TextPurpose.Urge => link => TextTemplates.Urge(Facts(link), step.Deadline, deadline, step.TakenAt),
                    _ => link => TextTemplates.NobodyPresent(Facts(link)),
                };
                planned.AddRange(await StoreAsync(db, purpose, $"{summons.Id:N}:{step.Round}:{step.StepKey}", subject,
                    TextRules.For(purpose, department), words, withLink: true, cancellationToken));
            }
        }

        return planned;
    }

    /// <summary>Adds the texts whose keys are not taken yet (and a phone link for each, when the text carries one).</summary>
    private async Task<List<TextMessage>> StoreAsync(DispatchDbContext db, TextPurpose purpose, string subjectKey, TextSubject? subject,
        TextAudience audience, Func<string, string> words, bool withLink, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keys = audience.Recipients.Select(r => TextMessage.KeyFor(purpose, subjectKey, r))
            .Concat(audience.Skipped.Select(s => TextMessage.KeyFor(purpose, subjectKey, s))).ToList();
        var taken = (await db.TextMessages.AsNoTracking().Where(t => keys.Contains(t.Key)).Select(t => t.Key).ToListAsync(cancellationToken)).ToHashSet();
        var added = new List<TextMessage>();
        foreach (var recipient in audience.Recipients.Where(r => !taken.Contains(TextMessage.KeyFor(purpose, subjectKey, r))))
        {
            var id = Guid.CreateVersion7();
            var link = string.Empty;
            if (withLink && subject?.SummonsId is { } summonsId && subject.WhistleId is { } whistleId)
            {
                var token = PhoneLinks.NewToken();
                link = $"{BaseUrl}/m/{token}";
                db.PhoneLinks.Add(new PhoneLink
                {
                    Id = Guid.CreateVersion7(), TokenHash = PhoneLinks.Hash(token), WhistleId = whistleId, SummonsId = summonsId, TextId = id,
                    StaffId = recipient.StaffId, Name = recipient.Name, Phone = recipient.Phone, CreatedAt = now,
                });
            }

            var text = TextMessage.Plan(id, purpose, subjectKey, subject, recipient, words(link), now);
            db.TextMessages.Add(text);
            added.Add(text);
        }

        foreach (var person in audience.Skipped.Where(s => !taken.Contains(TextMessage.KeyFor(purpose, subjectKey, s))))
        {
            var skipped = TextMessage.Skip(Guid.CreateVersion7(), purpose, subjectKey, subject, person, now);
            db.TextMessages.Add(skipped);
            added.Add(skipped);
        }

        return added;
    }

    /// <summary>Each department's staff (with whether they are on duty now) and head.</summary>
    private static async Task<Dictionary<Guid, DepartmentContacts>> ContactsAsync(DispatchDbContext db, IReadOnlyCollection<Guid> departmentIds, CancellationToken cancellationToken)
    {
        var ids = departmentIds.ToList();
        var departments = await db.Departments.AsNoTracking().Where(d => ids.Contains(d.Id)).ToListAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().Where(s => s.DepartmentId != null && ids.Contains(s.DepartmentId.Value))
            .OrderBy(s => s.UserName).ToListAsync(cancellationToken);
        var onDuty = (await db.DutyShifts.AsNoTracking().Where(s => s.EndedAt == null && ids.Contains(s.DepartmentId)).Select(s => s.StaffId).ToListAsync(cancellationToken)).ToHashSet();
        return departments.ToDictionary(d => d.Id, d => new DepartmentContacts(d.Id, d.ShortName,
            [.. staff.Where(s => s.DepartmentId == d.Id).Select(s => new StaffContact(s.Id, s.DisplayName, s.Phone, onDuty.Contains(s.Id)))],
            d.HeadName, d.HeadPhone));
    }
}

/// <summary>The tokens of the phone links: 128 random bits, URL-safe; only their SHA-256 is stored.</summary>
public static class PhoneLinks
{
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
    }

    /// <summary>Whether a string can be a token at all (22 URL-safe characters), before any lookup.</summary>
    public static bool LooksLikeToken(string? token) => token is { Length: 22 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
