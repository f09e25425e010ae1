using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>
/// Every timeline line gets its kind (<see cref="Domain.Cases.TimelineKind"/>), filled for the
/// lines already written from the label they were written with. Two labels were shared: 催办 is
/// the director's urge when a person wrote it and the escalation's when the system did; 升级 is
/// the case moving up when its note says 由…升至…, else the escalation step that asked for it.
/// </summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261203000000_TimelineKinds")]
public sealed class TimelineKinds : Migration
{
    /// <summary>Label → kind number, as the labels read before kinds existed.</summary>
    internal static readonly (string Label, int Kind)[] ByLabel =
    [
        ("受理登记", 1), ("不予受理", 2), ("分流", 3), ("研判", 4), ("开始处置", 5), ("提交办理结果", 6),
        ("回访", 7), ("二次督办", 8), ("结案", 9), ("调解", 11), ("合并来件", 12), ("上传附件", 13),
        ("吹哨", 20), ("无人在岗", 21), ("部门报到", 22), ("部门到场", 23), ("部门反馈", 24), ("部门退回", 25),
        ("坚持交办", 26), ("改派", 27), ("结束吹哨", 29), ("提醒", 40), ("督办", 42),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("Kind", "CaseTimeline", nullable: false, defaultValue: 0);
        var cases = string.Join(" ", ByLabel.Select(p => $"WHEN '{p.Label}' THEN {p.Kind}"));
        migrationBuilder.Sql($"""
            UPDATE "CaseTimeline" SET "Kind" = CASE
                WHEN "Action" = '催办' AND "ActorId" IS NULL THEN 41
                WHEN "Action" = '催办' THEN 28
                WHEN "Action" = '升级' AND "Note" LIKE '由%' THEN 10
                WHEN "Action" = '升级' THEN 43
                ELSE CASE "Action" {cases} ELSE 0 END
            END
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsSqlite())
        {
            // EF Core rebuilds a SQLite table only from a model snapshot, which these hand-written migrations do not keep.
            migrationBuilder.Sql("""ALTER TABLE "CaseTimeline" DROP COLUMN "Kind";""");
        }
        else
        {
            migrationBuilder.DropColumn("Kind", "CaseTimeline");
        }
    }
}
