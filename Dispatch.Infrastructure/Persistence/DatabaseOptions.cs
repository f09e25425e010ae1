using System.ComponentModel.DataAnnotations;

namespace Dispatch.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite = 1,
    PostgreSql = 2,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (the embedded default) or <c>PostgreSql</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// For SQLite, optional: defaults to <c>App_Data/dispatch.db</c> under the app's content root.
    /// For PostgreSQL, required: an Npgsql connection string.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite connection string in effect: the configured one, else App_Data/dispatch.db under the content root.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot) =>
        string.IsNullOrWhiteSpace(configured) ? $"Data Source={Path.Combine(contentRoot, "App_Data", "dispatch.db")}" : configured;

    /// <summary>Seed the demo county on first start when the database is empty. Defaults to on for SQLite.</summary>
    public bool? SeedDemoData { get; set; }

    [Range(0, 3650)]
    public int DemoHistoryDays { get; set; } = 75;

    /// <summary>Multiplies the demo's cases per day (about 13.5 at 1); the <c>seed</c> command sets it for a year of 100,000 cases.</summary>
    [Range(0.1, 500)]
    public double DemoScale { get; set; } = 1;
}
