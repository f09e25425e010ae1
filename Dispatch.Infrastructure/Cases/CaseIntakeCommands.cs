using System.Security.Cryptography;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Cases;

/// <summary>
/// 受理: a form checked into the domain's intake (every bad field named at once), the duplicate
/// check, registration at the window or by a machine under an idempotency key, merging a repeat
/// petition, and the attachments. The rules are the domain's; this loads, calls and saves.
/// </summary>
public sealed class CaseIntakeCommands(UnitOfWork unitOfWork, IDbContextFactory<DispatchDbContext> factory, CenterDirectory directory, TimeProvider clock)
{
    /// <summary>Checks a form and turns it into the domain's intake; throws with every bad field named.</summary>
    public async Task<(CaseIntake Intake, Center Center)> ValidateAsync(IntakeForm form, Guid centerId, string? source, CancellationToken cancellationToken, IReadOnlyDictionary<string, string[]>? knownErrors = null)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = new FieldProblems(knownErrors);
        if (!Enum.IsDefined(form.Channel) && !problems.Has("channel"))
        {
            problems.Add("channel", "请选择来源渠道。");
        }

        if (!Enum.IsDefined(form.Category) && !problems.Has("category"))
        {
            problems.Add("category", "请选择诉求类别。");
        }

        Case.CheckIntakeFields(form.Title, form.Description, form.Address, form.ExternalId, form.Latitude, form.Longitude, problems);
        var parties = Party.ReadAll(form.Parties?.Select(p => (p?.Name, p?.Phone, p?.IdNumber)).ToList(), problems, required: !Case.PartyMayBeUnknown(form.Channel));
        var received = CaseIntake.ReceivedAtFor(form.ReceivedAt, clock.GetUtcNow(), problems);

        var centers = await directory.AllAsync(cancellationToken);
        var center = centers.FirstOrDefault(c => c.Id == centerId) ?? throw new DomainException("找不到受理中心，请联系系统管理员。");
        var township = Place(form.TownshipCode, CenterLevel.Township, "township", "乡镇（街道）", centers, problems);
        var village = Place(form.VillageCode, CenterLevel.Village, "village", "村（社区）", centers, problems);
        if (village is not null && township is not null && village.ParentId != township.Id)
        {
            problems.Add("village", $"「{village.Name}」不属于「{township.Name}」。");
        }

        township ??= village is not null ? centers.FirstOrDefault(c => c.Id == village.ParentId) : null;
        var (townshipId, villageId) = CaseIntake.PlaceWithin(center, township, village, problems);
        if (problems.Any)
        {
            throw new IntakeValidationException(problems.ToDictionary());
        }

        var intake = new CaseIntake(form.Channel, form.Category, form.Title!, form.Description!, parties, townshipId, villageId, form.Address, received, CaseIntake.AcceptanceLimitFor(form.Channel), center.Level)
        {
            Latitude = form.Latitude,
            Longitude = form.Longitude,
            Source = source,
            ExternalId = form.ExternalId,
        };
        return (intake, center);
    }

    /// <summary>Earlier cases this intake probably repeats (same person, category and place within the window).</summary>
    public async Task<IReadOnlyList<DuplicateCandidate>> FindDuplicatesAsync(CaseIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var rule = DuplicateRule.Default;
        var since = rule.Since(intake.ReceivedAt).ToUniversalTime();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Cases.AsNoTracking()
            .Where(c => c.Category == intake.Category && c.ReceivedAt >= since)
            .Where(c => intake.VillageId == null || c.VillageId == null || c.VillageId == intake.VillageId)
            .Where(c => intake.TownshipId == null || c.TownshipId == null || c.TownshipId == intake.TownshipId)
            .Select(c => new { c.Id, c.Code, c.Category, c.TownshipId, c.VillageId, c.Address, c.ReceivedAt, c.Status, c.Parties })
            .Take(500)
            .ToListAsync(cancellationToken);
        return rule.Find(intake, rows.Select(r => new DuplicateCandidate(r.Id, r.Code, r.Category, r.TownshipId, r.VillageId, r.Address, r.ReceivedAt, Case.IsOpenStatus(r.Status), r.Parties)));
    }

    /// <summary>受理登记 at the window: the clerk's own center takes the case.</summary>
    public async Task<RegisteredCase> RegisterAsync(Operator user, IntakeForm form, IReadOnlyList<NewAttachment> attachments, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        var centerId = await CenterOfAsync(user, cancellationToken);
        var (intake, center) = await ValidateAsync(form, centerId, null, cancellationToken);
        CheckAttachments(attachments);
        return await RegisterCoreAsync(intake, center, user.Actor, attachments, null, cancellationToken);
    }

    /// <summary>
    /// 上报事件 from a grid worker's phone: a 网格上报 case at their own village center, placed in
    /// that village (and its township), with the photos taken on the spot.
    /// </summary>
    public async Task<RegisteredCase> ReportFromFieldAsync(Operator user, FieldReport report, IReadOnlyList<NewAttachment> photos, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanReportFromField(user);
        ArgumentNullException.ThrowIfNull(report);
        var centers = await directory.AllAsync(cancellationToken);
        var village = centers.FirstOrDefault(c => c.Id == user.CenterId)
            ?? throw new DomainException("找不到您所在的村（社区）中心，请联系系统管理员。");
        var villageCode = village.Level == CenterLevel.Village ? village.Code : null;
        var townshipCode = centers.FirstOrDefault(c => c.Id == village.ParentId && c.Level == CenterLevel.Township)?.Code;

        PartyForm[] parties = string.IsNullOrWhiteSpace(report.PartyName) && string.IsNullOrWhiteSpace(report.PartyPhone) ? [] : [new PartyForm(report.PartyName, report.PartyPhone, null)];
        // On a phone one line often says it all: it stands for the details when none are given.
        var description = string.IsNullOrWhiteSpace(report.Description) ? report.Title : report.Description;
        var form = new IntakeForm(Channel.GridReport, report.Category, report.Title, description, parties, townshipCode, villageCode, report.Address)
        {
            Latitude = report.Latitude,
            Longitude = report.Longitude,
        };
        var where = new FieldProblems();
        if (report.Latitude is null && report.Longitude is null && string.IsNullOrWhiteSpace(report.Address))
        {
            where.Add("address", "请点「获取当前位置」，或手工填写事发地点。");
        }

        var (intake, center) = await ValidateAsync(form, user.CenterId!.Value, null, cancellationToken, where.Any ? where.ToDictionary() : null);
        CheckAttachments(photos);
        return await RegisterCoreAsync(intake, center, user.Actor, photos, null, cancellationToken);
    }

    /// <summary>
    /// Machine intake under an <c>Idempotency-Key</c>: the first request creates the case, a retry
    /// with the same key and body gets the same case back, the same key with another body is refused.
    /// </summary>
    public async Task<RegisteredCase> RegisterFromClientAsync(string clientName, string centerCode, IntakeForm form, string? idempotencyKey, string requestHash, IReadOnlyDictionary<string, string[]>? knownErrors, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        var centerId = (await directory.AllAsync(cancellationToken)).FirstOrDefault(c => c.Code == centerCode)?.Id
            ?? throw new DomainException($"接口客户端「{clientName}」配置的中心代码「{centerCode}」不存在，请联系系统管理员。");
        var (intake, center) = await ValidateAsync(form, centerId, clientName, cancellationToken, knownErrors);
        (string, string)? idempotency = idempotencyKey is null ? null : (idempotencyKey, requestHash);
        return await RegisterCoreAsync(intake, center, new Actor(null, clientName), [], idempotency, cancellationToken);
    }

    /// <summary>A request seen before: the same body gets the same case, another body is refused.</summary>
    private static RegisteredCase Replay(IdempotencyRecord record, string requestHash) =>
        record.RequestHash == requestHash
            ? new RegisteredCase(record.CaseId, record.CaseCode, false, Replayed: true)
            : throw new IdempotencyMismatchException($"幂等键「{record.Key}」已用于另一份不同内容的请求（案件 {record.CaseCode}），同一幂等键只能重试同一请求。");

    private async Task<RegisteredCase> RegisterCoreAsync(CaseIntake intake, Center center, Actor actor, IReadOnlyList<NewAttachment> attachments, (string Key, string Hash)? idempotency, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The serial and the case commit together, in the write's turn: no gap when a save fails.
        return await unitOfWork.ExecuteInOneWriteAsync(async db =>
        {
            // A retry (or a concurrent one that won the race, on the unit of work's re-run) gets the first answer.
            if (idempotency is { } first && await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.ClientName == actor.Name && r.Key == first.Key, cancellationToken) is { } existing)
            {
                return Replay(existing, first.Hash);
            }

            var code = await db.NextAsync(center.Code, now.ToOffset(WorkingCalendar.ChinaStandardTime).Year, cancellationToken);
            var @case = Case.Register(Guid.CreateVersion7(), code, center.Id, intake, actor, now);
            db.Cases.Add(@case);
            AddAttachments(db, @case, attachments, actor, now);
            if (idempotency is { } key)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord { ClientName = actor.Name, Key = key.Key, RequestHash = key.Hash, CaseId = @case.Id, CaseCode = @case.Code, CreatedAt = now });
            }

            return new RegisteredCase(@case.Id, @case.Code, false) { Saved = @case };
        }, cancellationToken);
    }

    /// <summary>合并: a repeat petition joins an open case instead of opening a second one.</summary>
    public async Task<RegisteredCase> MergeAsync(Operator user, Guid intoCaseId, IntakeForm form, IReadOnlyList<NewAttachment> attachments, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        var centerId = await CenterOfAsync(user, cancellationToken);
        var (intake, _) = await ValidateAsync(form, centerId, null, cancellationToken);
        CheckAttachments(attachments);
        return await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == intoCaseId, cancellationToken).OrNotFound("要合并的案件");
            Permissions.EnsureInScope(user, @case, await Security.CenterScopes.OfAsync(db, user, cancellationToken));
            var now = clock.GetUtcNow();
            @case.Merge(intake, user.Actor, now);
            CheckAttachments(attachments, await db.CaseAttachments.CountAsync(a => a.CaseId == @case.Id, cancellationToken));
            AddAttachments(db, @case, attachments, user.Actor, now);
            return new RegisteredCase(@case.Id, @case.Code, true);
        }, cancellationToken);
    }

    public async Task<CaseAttachment?> AttachmentAsync(Guid caseId, Guid attachmentId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.CaseAttachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.CaseId == caseId, cancellationToken);
    }

    public static string Hash(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private async Task<Guid> CenterOfAsync(Operator user, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Staff.Where(s => s.Id == user.StaffId).Select(s => (Guid?)s.CenterId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new AccessDeniedException("找不到您的账号所属中心，请重新登录。");
    }

    private static void CheckAttachments(IReadOnlyList<NewAttachment> attachments, int already = 0)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        AttachmentRules.Check([.. attachments.Select(a => (a.FileName, a.ContentType, (long)a.Content.Length))], already);
    }

    private static void AddAttachments(DispatchDbContext db, Case @case, IReadOnlyList<NewAttachment> attachments, Actor actor, DateTimeOffset now)
    {
        foreach (var file in attachments)
        {
            db.CaseAttachments.Add(new CaseAttachment
            {
                Id = Guid.CreateVersion7(),
                CaseId = @case.Id,
                FileName = Path.GetFileName(file.FileName).Trim() is { Length: > 0 and <= 120 } name ? name : "附件",
                ContentType = file.ContentType,
                Length = file.Content.Length,
                Content = file.Content,
                UploadedAt = now,
                UploadedBy = actor.Name,
            });
        }

        if (attachments.Count > 0)
        {
            @case.Record(actor, now, TimelineKind.AttachmentsUploaded, string.Join("、", attachments.Select(a => a.FileName)));
        }
    }

    private static Center? Place(string? code, CenterLevel level, string field, string what, IReadOnlyList<Center> centers, FieldProblems problems)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var center = centers.FirstOrDefault(c => c.Level == level && string.Equals(c.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
        if (center is null)
        {
            problems.Add(field, $"找不到代码为「{Domain.Common.Guard.Quote(code)}」的{what}。");
        }

        return center;
    }
}
