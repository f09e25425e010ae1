using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Dispatch.Infrastructure.Persistence;
using Dispatch.TestSupport;
using Dispatch.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dispatch.Web.Tests;

/// <summary>
/// A backup taken while cases arrive through the API and whistles are blown holds everything
/// written before it began, each case's timeline and each summons's escalation steps whole; the
/// restored database starts an app that escalates what fell due meanwhile.
/// </summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"dispatch-backup-{Guid.NewGuid():N}");

    public BackupTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_under_continuous_writes_restores_whole_and_the_restored_app_escalates_what_is_due()
    {
        using var live = DispatchWebFactory.WithSettings(new Dictionary<string, string?>());
        using var client = live.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Api.CaseApiTests.HotlineKey);
        var connection = $"Data Source={live.DatabaseFile}";
        var before = new ConcurrentBag<string>();
        var blownBefore = new ConcurrentBag<Guid>();
        var backingUp = 0;
        using var stop = new CancellationTokenSource();

        async Task FileCasesAsync()
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var startedBefore = Volatile.Read(ref backingUp) == 0;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases")
                {
                    Content = new StringContent($$"""{"category":"propertyManagement","title":"备份期间来电 {{i}}","description":"电梯停运。","parties":[{"name":"赵某某","phone":"13909368888"}],"township":"DJ"}""", Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await client.SendAsync(request);
                response.StatusCode.ShouldBe(HttpStatusCode.Created);
                var code = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString()!;
                if (startedBefore && Volatile.Read(ref backingUp) == 0)
                {
                    before.Add(code);
                }
            }
        }

        async Task BlowWhistlesAsync()
        {
            string[] departments = ["住建局", "人社局", "民政局", "司法局"];
            for (var i = 0; !stop.IsCancellationRequested && i < 12; i++)
            {
                var id = await DemoActions.BlowAsync(live.Services, departments[i % departments.Length], $"备份期间吹哨 {i}");
                if (Volatile.Read(ref backingUp) == 0)
                {
                    blownBefore.Add(id);
                }
            }
        }

        var writers = new[] { FileCasesAsync(), FileCasesAsync(), BlowWhistlesAsync() };
        while (before.Count < 20 || blownBefore.Count < 4)
        {
            // Wait for writing to be well under way (a writer that fails ends the test with its error).
            var all = Task.WhenAll(writers);
            if (await Task.WhenAny(all, Task.Delay(50)) == all)
            {
                await all;
            }
        }

        Interlocked.Exchange(ref backingUp, 1);
        var file = Path.Combine(_folder, "dispatch-backup.db");
        var backup = await DatabaseBackup.BackupAsync(connection, file, CancellationToken.None);
        stop.Cancel();
        await Task.WhenAll(writers);

        // Everything written before the backup began is in it, and nothing in it is half a use case.
        var saved = Read(file);
        var now = Read(live.DatabaseFile);
        backup.Cases.ShouldBe(saved.Cases.Count);
        saved.Cases.Keys.ShouldBeSubsetOf(now.Cases.Keys);
        foreach (var code in before)
        {
            saved.Cases.ShouldContainKey(code);
        }

        foreach (var (code, steps) in saved.Cases)
        {
            steps.ShouldBe(now.Cases[code][..steps.Count], $"the timeline of {code}");
        }

        blownBefore.ShouldBeSubsetOf(saved.Whistles);
        foreach (var (summons, steps) in saved.Escalations)
        {
            steps.ShouldBe(now.Escalations[summons][..steps.Count], $"the escalation steps of summons {summons}");
        }

        // Restored elsewhere and started a day later, the app escalates the unanswered summonses.
        var restoredFile = Path.Combine(_folder, "restored", "dispatch.db");
        var restored = await DatabaseBackup.RestoreAsync($"Data Source={restoredFile}", file, CancellationToken.None);
        restored.Cases.ShouldBe(saved.Cases.Count);
        Lines(Read(restoredFile)).ShouldBe(Lines(saved));
        var later = new ShiftedClock(DispatchWebFactory.Clock.GetUtcNow().AddDays(1));
        using var again = DispatchWebFactory.WithSettings(
            new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={restoredFile}", ["Database:SeedDemoData"] = "false" },
            clock: later);
        _ = again.Services;
        var whistle = blownBefore.First();
        var escalated = false;
        for (var attempt = 0; attempt < 300 && !escalated; attempt++)
        {
            escalated = Read(restoredFile).EscalatedWhistles.Contains(whistle);
            if (!escalated)
            {
                await Task.Delay(100);
            }
        }

        escalated.ShouldBeTrue("the restored app escalates the summons that fell due while it was down");
    }

    [Fact]
    public async Task A_restore_refuses_a_file_that_is_not_a_dispatch_database_and_a_database_in_use()
    {
        var notOurs = Path.Combine(_folder, "other.db");
        await using (var other = new SqliteConnection($"Data Source={notOurs};Pooling=false"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE t (x INTEGER);";
            await create.ExecuteNonQueryAsync();
        }

        var wrong = await Should.ThrowAsync<BackupException>(() => DatabaseBackup.RestoreAsync($"Data Source={Path.Combine(_folder, "target.db")}", notOurs, CancellationToken.None));
        wrong.Message.ShouldContain("不是 Dispatch 的数据库");

        using var running = DispatchWebFactory.WithSettings(new Dictionary<string, string?>());
        _ = running.Services;
        var copy = Path.Combine(_folder, "copy.db");
        await DatabaseBackup.BackupAsync($"Data Source={running.DatabaseFile}", copy, CancellationToken.None);
        var busy = await Should.ThrowAsync<BackupException>(() => DatabaseBackup.RestoreAsync($"Data Source={running.DatabaseFile}", copy, CancellationToken.None));
        busy.Message.ShouldContain("正在被使用");
        var exists = await Should.ThrowAsync<BackupException>(() => DatabaseBackup.BackupAsync($"Data Source={running.DatabaseFile}", copy, CancellationToken.None));
        exists.Message.ShouldContain("已存在");
    }

    /// <summary>A snapshot as sorted lines, for a comparison that reports the first difference.</summary>
    private static List<string> Lines(Snapshot snapshot) =>
        [.. snapshot.Cases.Select(c => $"{c.Key}: {string.Join(" / ", c.Value)}").Concat(snapshot.Escalations.Select(e => $"{e.Key}: {string.Join(" / ", e.Value)}")).Order(StringComparer.Ordinal)];

    private sealed record Snapshot(Dictionary<string, List<string>> Cases, HashSet<Guid> Whistles, Dictionary<Guid, List<string>> Escalations, HashSet<Guid> EscalatedWhistles);

    /// <summary>Case codes with their timeline steps, whistles, and each summons's escalation steps, read straight from a file.</summary>
    private static Snapshot Read(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=false");
        connection.Open();
        var cases = new Dictionary<string, List<string>>();
        foreach (var (code, step) in Rows(connection, "SELECT c.Code, t.Sequence || ' ' || t.Action FROM Cases c LEFT JOIN CaseTimeline t ON t.CaseId = c.Id ORDER BY c.Code, t.Sequence"))
        {
            if (!cases.TryGetValue(code, out var steps))
            {
                cases[code] = steps = [];
            }

            if (step.Length > 0)
            {
                steps.Add(step);
            }
        }

        var whistles = Rows(connection, "SELECT Id, '' FROM Whistles").Select(r => Guid.Parse(r.A)).ToHashSet();
        var escalations = new Dictionary<Guid, List<string>>();
        foreach (var (summons, step) in Rows(connection, "SELECT SummonsId, Round || ' ' || StepKey FROM SummonsEscalations ORDER BY SummonsId, Round, StepKey"))
        {
            var id = Guid.Parse(summons);
            if (!escalations.TryGetValue(id, out var steps))
            {
                escalations[id] = steps = [];
            }

            steps.Add(step);
        }

        var escalated = Rows(connection, "SELECT DISTINCT s.WhistleId, '' FROM Summonses s JOIN SummonsEscalations e ON e.SummonsId = s.Id").Select(r => Guid.Parse(r.A)).ToHashSet();
        return new Snapshot(cases, whistles, escalations, escalated);
    }

    private static List<(string A, string B)> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetValue(0).ToString()!, reader.IsDBNull(1) ? string.Empty : reader.GetValue(1).ToString()!));
        }

        return rows;
    }
}
