using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Dispatch.Infrastructure.Persistence.Migrations;

/// <summary>Organization, cases with timeline and follow-ups, whistles, summonses and their escalations.</summary>
[DbContext(typeof(DispatchDbContext))]
[Migration("20261121000000_InitialCreate")]
public sealed class InitialCreate : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var sqlite = migrationBuilder.IsSqlite();

        migrationBuilder.CreateTable(
            name: "CaseCodeCounters",
            columns: table => new
            {
                CenterCode = table.Column<string>(nullable: false),
                Year = table.Column<int>(nullable: false),
                LastSerial = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CaseCodeCounters", x => new { x.CenterCode, x.Year }));

        migrationBuilder.CreateTable(
            name: "Centers",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(nullable: false),
                Name = table.Column<string>(nullable: false),
                Level = table.Column<int>(nullable: false),
                ParentId = table.Column<Guid>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Centers", x => x.Id);
                table.ForeignKey("FK_Centers_Centers_ParentId", x => x.ParentId, "Centers", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Cases",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Code = table.Column<string>(nullable: false),
                Channel = table.Column<int>(nullable: false),
                Category = table.Column<int>(nullable: false),
                Title = table.Column<string>(nullable: false),
                Description = table.Column<string>(nullable: false),
                Parties = table.Column<string>(nullable: false),
                CenterId = table.Column<Guid>(nullable: false),
                CenterLevel = table.Column<int>(nullable: false),
                TownshipId = table.Column<Guid>(nullable: true),
                VillageId = table.Column<Guid>(nullable: true),
                Address = table.Column<string>(nullable: true),
                RiskLevel = table.Column<int>(nullable: false),
                Status = table.Column<int>(nullable: false),
                ReceivedAt = table.Timestamp(sqlite),
                AcceptanceDueAt = table.Timestamp(sqlite),
                AcceptedAt = table.Timestamp(sqlite),
                AssignedDepartmentId = table.Column<Guid>(nullable: true),
                DueAt = table.Timestamp(sqlite, nullable: true),
                RejectionReason = table.Column<string>(nullable: true),
                ResultAt = table.Timestamp(sqlite, nullable: true),
                Result = table.Column<string>(nullable: true),
                LastSatisfaction = table.Column<int>(nullable: true),
                FollowedUpAt = table.Timestamp(sqlite, nullable: true),
                SupervisionCount = table.Column<int>(nullable: false),
                ClosedAt = table.Timestamp(sqlite, nullable: true),
                ClosedAtLevel = table.Column<int>(nullable: true),
                Outcome = table.Column<string>(nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Cases", x => x.Id);
                table.ForeignKey("FK_Cases_Centers_CenterId", x => x.CenterId, "Centers", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Departments",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(nullable: false),
                ShortName = table.Column<string>(nullable: false),
                CenterId = table.Column<Guid>(nullable: false),
                HeadName = table.Column<string>(nullable: true),
                HeadPhone = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Departments", x => x.Id);
                table.ForeignKey("FK_Departments_Centers_CenterId", x => x.CenterId, "Centers", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "CaseFollowUps",
            columns: table => new
            {
                Sequence = table.Column<int>(nullable: false),
                CaseId = table.Column<Guid>(nullable: false),
                At = table.Timestamp(sqlite),
                Satisfaction = table.Column<int>(nullable: false),
                Note = table.Column<string>(nullable: true),
                ActorName = table.Column<string>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseFollowUps", x => new { x.CaseId, x.Sequence });
                table.ForeignKey("FK_CaseFollowUps_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "CaseTimeline",
            columns: table => new
            {
                Sequence = table.Column<int>(nullable: false),
                CaseId = table.Column<Guid>(nullable: false),
                At = table.Timestamp(sqlite),
                ActorId = table.Column<Guid>(nullable: true),
                ActorName = table.Column<string>(nullable: false),
                Action = table.Column<string>(nullable: false),
                Note = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_CaseTimeline", x => new { x.CaseId, x.Sequence });
                table.ForeignKey("FK_CaseTimeline_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Whistles",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                CaseId = table.Column<Guid>(nullable: false),
                CaseCode = table.Column<string>(nullable: false),
                CenterId = table.Column<Guid>(nullable: false),
                BlownAt = table.Timestamp(sqlite),
                BlownBy = table.Column<string>(nullable: false),
                Message = table.Column<string>(nullable: true),
                ResponsePolicy = table.Column<string>(nullable: false),
                EscalationPolicy = table.Column<string>(nullable: false),
                Status = table.Column<int>(nullable: false),
                Outcome = table.Column<int>(nullable: true),
                OutcomeNote = table.Column<string>(nullable: true),
                ClosedAt = table.Timestamp(sqlite, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Whistles", x => x.Id);
                table.ForeignKey("FK_Whistles_Cases_CaseId", x => x.CaseId, "Cases", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Staff",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                UserName = table.Column<string>(nullable: false),
                DisplayName = table.Column<string>(nullable: false),
                Role = table.Column<int>(nullable: false),
                DepartmentId = table.Column<Guid>(nullable: true),
                CenterId = table.Column<Guid>(nullable: false),
                Phone = table.Column<string>(nullable: true),
                PasswordHash = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Staff", x => x.Id);
                table.ForeignKey("FK_Staff_Centers_CenterId", x => x.CenterId, "Centers", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Staff_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Summonses",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                WhistleId = table.Column<Guid>(nullable: false),
                DepartmentId = table.Column<Guid>(nullable: false),
                DepartmentName = table.Column<string>(nullable: false),
                State = table.Column<int>(nullable: false),
                SummonedAt = table.Timestamp(sqlite),
                AcknowledgeDueAt = table.Timestamp(sqlite),
                OnSiteDueAt = table.Timestamp(sqlite),
                ResultDueAt = table.Timestamp(sqlite),
                AcknowledgedAt = table.Timestamp(sqlite, nullable: true),
                AcknowledgedBy = table.Column<string>(nullable: true),
                OnSiteAt = table.Timestamp(sqlite, nullable: true),
                ReportedAt = table.Timestamp(sqlite, nullable: true),
                Report = table.Column<string>(nullable: true),
                DeclinedAt = table.Timestamp(sqlite, nullable: true),
                DeclineReason = table.Column<string>(nullable: true),
                SettlementNote = table.Column<string>(nullable: true),
                UrgeCount = table.Column<int>(nullable: false),
                LastUrgedAt = table.Timestamp(sqlite, nullable: true),
                FlaggedToDirector = table.Column<bool>(nullable: false),
                EscalatedToLevelAbove = table.Column<bool>(nullable: false),
                Round = table.Column<int>(nullable: false),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Summonses", x => x.Id);
                table.ForeignKey("FK_Summonses_Departments_DepartmentId", x => x.DepartmentId, "Departments", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Summonses_Whistles_WhistleId", x => x.WhistleId, "Whistles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "SummonsEscalations",
            columns: table => new
            {
                Round = table.Column<int>(nullable: false),
                StepKey = table.Column<string>(nullable: false),
                SummonsId = table.Column<Guid>(nullable: false),
                Action = table.Column<int>(nullable: false),
                Deadline = table.Column<int>(nullable: false),
                DueAt = table.Timestamp(sqlite),
                TakenAt = table.Timestamp(sqlite),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SummonsEscalations", x => new { x.SummonsId, x.Round, x.StepKey });
                table.ForeignKey("FK_SummonsEscalations_Summonses_SummonsId", x => x.SummonsId, "Summonses", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_CaseFollowUps_At", "CaseFollowUps", "At");
        migrationBuilder.CreateIndex("IX_Cases_CenterId", "Cases", "CenterId");
        migrationBuilder.CreateIndex("IX_Cases_ClosedAt", "Cases", "ClosedAt");
        migrationBuilder.CreateIndex("IX_Cases_Code", "Cases", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Cases_ReceivedAt", "Cases", "ReceivedAt");
        migrationBuilder.CreateIndex("IX_Cases_Status", "Cases", "Status");
        migrationBuilder.CreateIndex("IX_Centers_Code", "Centers", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Centers_ParentId", "Centers", "ParentId");
        migrationBuilder.CreateIndex("IX_Departments_CenterId", "Departments", "CenterId");
        migrationBuilder.CreateIndex("IX_Staff_CenterId", "Staff", "CenterId");
        migrationBuilder.CreateIndex("IX_Staff_DepartmentId", "Staff", "DepartmentId");
        migrationBuilder.CreateIndex("IX_Staff_UserName", "Staff", "UserName", unique: true);
        migrationBuilder.CreateIndex("IX_Summonses_DepartmentId_State", "Summonses", ["DepartmentId", "State"]);
        migrationBuilder.CreateIndex("IX_Summonses_SummonedAt", "Summonses", "SummonedAt");
        migrationBuilder.CreateIndex("IX_Summonses_WhistleId", "Summonses", "WhistleId");
        migrationBuilder.CreateIndex("IX_Whistles_BlownAt", "Whistles", "BlownAt");
        migrationBuilder.CreateIndex("IX_Whistles_CaseId", "Whistles", "CaseId");
        migrationBuilder.CreateIndex("IX_Whistles_Status", "Whistles", "Status");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "SummonsEscalations", "Summonses", "Staff", "Whistles", "CaseTimeline", "CaseFollowUps", "Departments", "Cases", "Centers", "CaseCodeCounters" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
