using System.Collections.Concurrent;
using Dispatch.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dispatch.Web.Tests.Walls;

/// <summary>A broken wall file shows an error page naming the file, the line and the problem, and is logged at start-up.</summary>
public sealed class WallErrorPageTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"wall-config-{Guid.NewGuid():N}");
    private readonly CapturingLoggerProvider _logs = new();
    private readonly DispatchWebFactory _app;

    public WallErrorPageTests()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "good.json"), WallFiles.Valid);
        File.WriteAllText(Path.Combine(_directory, "nowhere.json"), WallFiles.Valid.Replace("\"GZ\"", "\"QQ\"", StringComparison.Ordinal));
        foreach (var (name, json, _, _) in WallFiles.Broken)
        {
            File.WriteAllText(Path.Combine(_directory, name + ".json"), json);
        }

        _app = DispatchWebFactory.WithSettings(
            new Dictionary<string, string?> { ["Wall:ConfigPath"] = _directory },
            services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public static TheoryData<string> BrokenNames() => [.. WallFiles.Broken.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(BrokenNames))]
    public async Task ABrokenFile_ShowsTheErrorPage_NotABlankScreen(string name)
    {
        var (_, _, line, expect) = WallFiles.Broken.Single(b => b.Name == name);
        using var session = new WebSession(_app);
        await session.SignInAsync("wall");

        var page = await session.GetDocumentAsync($"/wall/{name}");

        page.QuerySelector(".wall-stage").ShouldBeNull();
        var error = page.QuerySelector($".wall-error[data-wall-error='{name}']").ShouldNotBeNull();
        error.QuerySelector("h1")!.TextContent.ShouldBe("大屏配置有误，暂时无法显示");
        error.QuerySelector(".wall-error-file")!.TextContent.ShouldContain(Path.Combine(_directory, name + ".json"));
        var row = error.QuerySelectorAll(".wall-problem").ShouldHaveSingleItem();
        row.Children[1].TextContent.ShouldBe(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        row.Children[2].TextContent.ShouldContain(expect);
    }

    [Fact]
    public async Task AnUnknownCenter_AndAMissingFile_ShowTheErrorPageToo()
    {
        using var session = new WebSession(_app);
        await session.SignInAsync("wall");

        (await session.GetDocumentAsync("/wall/nowhere")).QuerySelector(".wall-problem")!.TextContent.ShouldContain("「QQ」不是已知的中心代码");
        (await session.GetDocumentAsync("/wall/missing")).QuerySelector(".wall-problem")!.TextContent.ShouldContain("没有这个大屏配置文件");
        (await session.GetDocumentAsync("/wall/good")).QuerySelector(".wall-stage[data-ready=true]").ShouldNotBeNull();
    }

    [Fact]
    public async Task StartUp_ChecksEveryFile_AndLogsWhatIsWrong()
    {
        using var session = new WebSession(_app);
        await session.SignInAsync("wall");

        var errors = _logs.Entries.Where(e => e.Level == LogLevel.Error && e.Category.EndsWith("WallConfigCheck", StringComparison.Ordinal)).Select(e => e.Message).ToList();

        foreach (var (name, _, line, expect) in WallFiles.Broken)
        {
            errors.ShouldContain(m => m.Contains($"Wall {name}:", StringComparison.Ordinal) && m.Contains($"第 {line} 行", StringComparison.Ordinal) && m.Contains(expect, StringComparison.Ordinal));
        }

        errors.ShouldContain(m => m.Contains("Wall nowhere:", StringComparison.Ordinal));
        errors.ShouldNotContain(m => m.Contains("Wall good:", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _app.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
