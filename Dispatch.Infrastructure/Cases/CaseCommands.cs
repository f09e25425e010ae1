using System.Security.Cryptography;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Organization;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dispatch.Infrastructure.Cases;

/// <summary>What a clerk or a machine hands in; places are center codes so the API can name them.</summary>
public sealed record IntakeForm(
    Channel Channel,
    CaseCategory Category,
    string? Title,
    string? Description,
    IReadOnlyList<PartyForm> Parties,
    string? TownshipCode,
    string? VillageCode,
    string? Address,
    DateTimeOffset? ReceivedAt = null)
{
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public string? ExternalId { get; init; }
}

public sealed record PartyForm(string? Name, string? Phone, string? IdNumber);

public sealed record NewAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>Every problem of a form at once, by field, so a clerk (or an API client) can fix them in one go.</summary>
public sealed class IntakeValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(string.Join("；", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

public sealed record RegisteredCase(Guid Id, string Code, bool Merged, bool Replayed = false);

/// <summary>
/// The case use cases: intake (with duplicate check, merge and attachments), 不予受理, 分流,
/// 研判, 处置, 调解 with tier moves, results, 回访 with second supervision, 结案. Each is
/// authorized on the server and runs in one unit of work.
/// </summary>
public sealed class CaseCommands(UnitOfWork unitOfWork, IDbContextFactory<DispatchDbContext> factory, TimeProvider clock, WorkingCalendar calendar)
{
    /// <summary>More people than this go into the description; a form with hundreds of parties is a mistake or an attack.</summary>
    public const int MaxParties = 50;

    public static readonly string[] AllowedContentTypes = ["image/jpeg", "image/png", "application/pdf", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "audio/mpeg", "video/mp4"];

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
        var parties = new List<Party>();
        if (form.Parties is not { Count: > 0 })
        {
            problems.Add("parties", "请至少登记一名当事人。");
        }
        else if (form.Parties.Count > MaxParties)
        {
            problems.Add("parties", $"一件案件最多登记 {MaxParties} 名当事人（现为 {form.Parties.Count} 名），人数更多时请在诉求内容中说明。");
        }
        else
        {
            for (var i = 0; i < form.Parties.Count; i++)
            {
                var p = form.Parties[i];
                var partyProblems = new FieldProblems();
                Party.Check(p?.Name, p?.Phone, p?.IdNumber, partyProblems, $"parties[{i}].");
                foreach (var (field, messages) in partyProblems.ToDictionary())
                {
                    foreach (var message in messages)
                    {
                        problems.Add(field, message);
                    }
                }

                if (!partyProblems.Any)
                {
                    parties.Add(Party.Create(p!.Name!, p.Phone, p.IdNumber));
                }
            }
        }

        var now = clock.GetUtcNow();
        var received = form.ReceivedAt ?? now;
        if (received > now.AddMinutes(5))
        {
            problems.Add("receivedAt", "收到时间不能晚于当前时间。");
        }
        else if (received > now)
        {
            received = now;
        }

        if (received < now.AddYears(-1))
        {
            problems.Add("receivedAt", "收到时间早于一年前，请核对。");
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var centers = await db.Centers.AsNoTracking().ToListAsync(cancellationToken);
        var center = centers.FirstOrDefault(c => c.Id == centerId) ?? throw new DomainException("找不到受理中心，请联系系统管理员。");
        var township = Place(form.TownshipCode, CenterLevel.Township, "township", "乡镇（街道）", centers, problems);
        var village = Place(form.VillageCode, CenterLevel.Village, "village", "村（社区）", centers, problems);
        if (village is not null && township is not null && village.ParentId != township.Id)
        {
            problems.Add("village", $"「{village.Name}」不属于「{township.Name}」。");
        }

        township ??= village is not null ? centers.FirstOrDefault(c => c.Id == village.ParentId) : null;
        if (problems.Any)
        {
            throw new IntakeValidationException(problems.ToDictionary());
        }

        var intake = new CaseIntake(form.Channel, form.Category, form.Title!, form.Description!, parties, township?.Id, village?.Id, form.Address, received, CaseIntake.AcceptanceLimitFor(form.Channel), center.Level)
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
        return rule.Find(intake, rows.Select(r => new DuplicateCandidate(r.Id, r.Code, r.Category, r.TownshipId, r.VillageId, r.Address, r.ReceivedAt, r.Status is not (CaseStatus.Closed or CaseStatus.Rejected), r.Parties)));
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
    /// Machine intake under an <c>Idempotency-Key</c>: the first request creates the case, a retry
    /// with the same key and body gets the same case back, the same key with another body is refused.
    /// </summary>
    public async Task<RegisteredCase> RegisterFromClientAsync(string clientName, string centerCode, IntakeForm form, string? idempotencyKey, string requestHash, IReadOnlyDictionary<string, string[]>? knownErrors, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientName);
        Guid centerId;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            centerId = await db.Centers.Where(c => c.Code == centerCode).Select(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (centerId == Guid.Empty)
        {
            throw new DomainException($"接口客户端「{clientName}」配置的中心代码「{centerCode}」不存在，请联系系统管理员。");
        }

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
        return await unitOfWork.ExecuteAsync(async db =>
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

            return new RegisteredCase(@case.Id, @case.Code, false);
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
            var now = clock.GetUtcNow();
            @case.Merge(intake, user.Actor, now);
            var existing = await db.CaseAttachments.CountAsync(a => a.CaseId == @case.Id, cancellationToken);
            if (existing + attachments.Count > CaseAttachment.MaxPerCase)
            {
                throw new DomainException($"每件案件最多 {CaseAttachment.MaxPerCase} 个附件，该案件已有 {existing} 个。");
            }

            AddAttachments(db, @case, attachments, user.Actor, now);
            return new RegisteredCase(@case.Id, @case.Code, true);
        }, cancellationToken);
    }

    public Task RejectAsync(Operator user, Guid caseId, string reason, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, _, now) => c.Reject(reason, user.Actor, now), cancellationToken);

    /// <summary>分流 to a department of the center, or to another center (lower or higher).</summary>
    public async Task RouteAsync(Operator user, Guid caseId, Guid? centerId, Guid? departmentId, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            var center = await db.Centers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == (centerId ?? @case.CenterId), cancellationToken).OrNotFound("分流的中心");
            string to = center.Name;
            if (departmentId is { } d)
            {
                var department = await db.Departments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, cancellationToken).OrNotFound("分流的部门");
                to = $"{center.Name}·{department.ShortName}";
            }

            @case.Route(center.Id, center.Level, departmentId, to, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    public Task AssessAsync(Operator user, Guid caseId, RiskLevel risk, string? note, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, _, now) => c.Assess(Enum.IsDefined(risk) ? risk : throw new DomainException("请选择风险等级。"), note, user.Actor, now), cancellationToken);

    /// <summary>处置 by a department (or the center itself), due in so many working days.</summary>
    public async Task StartHandlingAsync(Operator user, Guid caseId, Guid? departmentId, int workingDays, string? note, CancellationToken cancellationToken = default)
    {
        Permissions.EnsureCanRunCases(user);
        if (workingDays is < 1 or > 60)
        {
            throw new DomainException("办理期限应为 1–60 个工作日。");
        }

        await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            var target = departmentId ?? @case.AssignedDepartmentId;
            (Guid, string)? department = null;
            if (target is { } id)
            {
                var d = await db.Departments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken).OrNotFound("承办部门");
                department = (d.Id, d.ShortName);
            }

            var now = clock.GetUtcNow();
            @case.StartHandling(calendar.AddWorkingDays(now, workingDays), note, user.Actor, now, department);
        }, cancellationToken);
    }

    /// <summary>调解: a failure counts against the level; when its attempts run out the case moves up to the parent center.</summary>
    public async Task<bool> RecordMediationAsync(Operator user, Guid caseId, bool resolved, string note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            Permissions.EnsureCanHandle(user, @case);
            var center = await db.Centers.AsNoTracking().FirstAsync(c => c.Id == @case.CenterId, cancellationToken);
            var parent = center.ParentId is { } parentId ? await db.Centers.AsNoTracking().FirstAsync(c => c.Id == parentId, cancellationToken) : null;
            return @case.RecordMediation(resolved, note, parent is null ? null : new CenterRef(parent.Id, parent.Level, parent.Name), user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>办理结果, by the center or the department the case was handed to.</summary>
    public Task SubmitResultAsync(Operator user, Guid caseId, string result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            Permissions.EnsureCanHandle(user, @case);
            if (await db.Whistles.AnyAsync(w => w.CaseId == caseId && w.Status == WhistleStatus.Open, cancellationToken))
            {
                throw new DomainException($"案件 {@case.Code} 的吹哨尚未结束：请各部门在召集中反馈，由中心结束吹哨后再提交办理结果。");
            }

            @case.SubmitResult(result, user.Actor, clock.GetUtcNow());
        }, cancellationToken);
    }

    /// <summary>回访; 不满意 re-opens the case to the same department with a new deadline in working days (二次督办).</summary>
    public Task RecordFollowUpAsync(Operator user, Guid caseId, Satisfaction satisfaction, string? note, int? newWorkingDays, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, _, now) =>
        {
            if (!Enum.IsDefined(satisfaction))
            {
                throw new DomainException("请选择群众满意度。");
            }

            DateTimeOffset? due = satisfaction == Satisfaction.Dissatisfied
                ? newWorkingDays is >= 1 and <= 30 ? calendar.AddWorkingDays(now, newWorkingDays.Value) : throw new DomainException("二次督办须给出 1–30 个工作日的新办理期限。")
                : null;
            c.RecordFollowUp(satisfaction, note, due, user.Actor, now);
        }, cancellationToken);

    public Task CloseAsync(Operator user, Guid caseId, string outcome, CancellationToken cancellationToken = default) =>
        RunAsync(user, caseId, (c, _, now) => c.Close(outcome, user.Actor, now), cancellationToken);

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

    private Task RunAsync(Operator user, Guid caseId, Action<Case, DispatchDbContext, DateTimeOffset> act, CancellationToken cancellationToken)
    {
        Permissions.EnsureCanRunCases(user);
        return unitOfWork.ExecuteAsync(async db =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.Id == caseId, cancellationToken).OrNotFound("该案件");
            act(@case, db, clock.GetUtcNow());
        }, cancellationToken);
    }

    private static void CheckAttachments(IReadOnlyList<NewAttachment> attachments)
    {
        ArgumentNullException.ThrowIfNull(attachments);
        if (attachments.Count > CaseAttachment.MaxPerCase)
        {
            throw new DomainException($"每件案件最多上传 {CaseAttachment.MaxPerCase} 个附件（现为 {attachments.Count} 个）。");
        }

        foreach (var file in attachments)
        {
            if (file.Content.Length == 0)
            {
                throw new DomainException($"附件「{file.FileName}」是空文件，请重新选择。");
            }

            if (file.Content.Length > CaseAttachment.MaxBytes)
            {
                throw new DomainException($"附件「{file.FileName}」超过 10 MB，请压缩后再上传。");
            }

            if (!AllowedContentTypes.Contains(file.ContentType))
            {
                throw new DomainException($"附件「{file.FileName}」的类型不支持，只能上传图片（JPG/PNG）、PDF、Word、MP3 或 MP4。");
            }
        }
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

    private static Center? Place(string? code, CenterLevel level, string field, string what, List<Center> centers, FieldProblems problems)
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

/// <summary>The same <c>Idempotency-Key</c> was sent with a different request.</summary>
public sealed class IdempotencyMismatchException(string message) : DomainException(message);
