using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Queries;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Dispatch.Web.Api;

/// <summary>
/// The versioned REST API for machine intake (the 12345 hotline and others): create a case under
/// an <c>Idempotency-Key</c>, read its status. Authenticated by <c>X-Api-Key</c>; a client sees
/// only the cases it filed. Errors are RFC 7807 problem details, every bad field listed.
/// </summary>
public static class CaseApi
{
    public const string KeyHeader = "X-Api-Key";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>A case's text is at most some 10,000 characters; 8 MB leaves room and stops floods.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEndpointRouteBuilder MapCaseApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("cases").DisableAntiforgery().AddEndpointFilter(RequireClient);
        api.MapPost("/cases", CreateAsync)
            .WithName("CreateCase")
            .WithSummary("登记案件（幂等）")
            .WithDescription("以 X-Api-Key 认证；必须带 Idempotency-Key 请求头，同一键的重试返回同一案件，不会重复登记。")
            .Accepts<CaseRequest>("application/json")
            .Produces<CaseStatusResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        api.MapGet("/cases/{code}", GetAsync)
            .WithName("GetCase")
            .WithSummary("查询案件状态")
            .Produces<CaseStatusResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        api.MapGet("/catalog", Catalog)
            .WithName("Catalog")
            .WithSummary("来源渠道与诉求类别的取值")
            .Produces<CatalogResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>Every /api/v1 call needs a known key; the client is kept for the handler.</summary>
    private static async ValueTask<object?> RequireClient(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var client = http.RequestServices.GetRequiredService<ApiClients>().Find(http.Request.Headers[KeyHeader]);
        if (client is null)
        {
            return Problem(StatusCodes.Status401Unauthorized, "缺少或无效的 API 密钥", $"请在 {KeyHeader} 请求头中提供有效的 API 密钥。");
        }

        http.Items[typeof(ApiClient)] = client;
        return await next(context);
    }

    private static ApiClient ClientOf(HttpContext http) => (ApiClient)http.Items[typeof(ApiClient)]!;

    private static async Task<IResult> CreateAsync(HttpContext http, CaseIntakeCommands commands, CancellationToken cancellationToken)
    {
        var client = ClientOf(http);
        string? key = http.Request.Headers[IdempotencyHeader];
        if (string.IsNullOrWhiteSpace(key) || key.Length > 100 || Guard.HasForbiddenCharacters(key))
        {
            return ValidationProblem(new Dictionary<string, string[]> { [IdempotencyHeader] = [$"请提供 {IdempotencyHeader} 请求头（1–100 个可见字符，每个新请求一个新值，重试时沿用原值）。"] });
        }

        var body = await ReadBodyAsync(http.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(
                title: "请求体过大", detail: $"请求体超过 {MaxBodyBytes / 1024 / 1024} MB。一件案件的文字不会这么长，请检查各字段，附件请在中心登记时上传。",
                statusCode: StatusCodes.Status413PayloadTooLarge, extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["body"] = ["请求体过大。"] } });
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"不是有效的 UTF-8 JSON（第 {ex.LineNumber + 1} 行第 {ex.BytePositionInLine + 1} 个字节附近）：请检查括号、引号、逗号和文字编码。"] });
        }

        using (document)
        {
            var problems = new FieldProblems();
            if (JsonFields.Root(document.RootElement, problems) is not { } fields)
            {
                return ValidationProblem(problems.ToDictionary());
            }

            var channel = ParseEnum(fields.String("channel"), client.Channel, "channel", "来源渠道", problems);
            var category = ParseEnum<CaseCategory>(fields.String("category"), null, "category", "诉求类别", problems);
            var parties = fields.Objects("parties", Party.MaxPerCase);
            var form = new IntakeForm(
                channel,
                category,
                fields.String("title"),
                fields.String("description"),
                [.. (parties ?? []).Select(p => new PartyForm(p?.String("name"), p?.String("phone"), p?.String("idNumber")))],
                fields.String("township"),
                fields.String("village"),
                fields.String("address"),
                fields.Time("receivedAt"))
            {
                Latitude = fields.Number("latitude"),
                Longitude = fields.Number("longitude"),
                ExternalId = fields.String("externalId"),
            };
            try
            {
                var registered = await commands.RegisterFromClientAsync(client.Name, client.Center, form, key.Trim(), CaseIntakeCommands.Hash(body), problems.ToDictionary(), cancellationToken);
                var stored = registered.Saved ?? await http.RequestServices.GetRequiredService<DispatchQueries>().CaseByCodeAsync(registered.Code, cancellationToken);
                if (registered.Replayed)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                }

                http.Response.Headers.Location = $"/api/v1/cases/{Uri.EscapeDataString(registered.Code)}";
                return Results.Json(CaseStatusResponse.From(stored!), Json, statusCode: StatusCodes.Status201Created);
            }
            catch (IntakeValidationException ex)
            {
                return ValidationProblem(new Dictionary<string, string[]>(ex.Errors));
            }
            catch (IdempotencyMismatchException ex)
            {
                return Problem(StatusCodes.Status422UnprocessableEntity, "幂等键已用于另一请求", ex.Message);
            }
        }
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="limit"/> (read no further than that).</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task<IResult> GetAsync(HttpContext http, string code, DispatchQueries queries, CancellationToken cancellationToken)
    {
        if (!CaseCode.TryParse(code, out var parsed, out var error))
        {
            return Problem(StatusCodes.Status400BadRequest, "案件编码有误", error);
        }

        var @case = await queries.CaseByCodeAsync(parsed.Value, cancellationToken);

        // Another client's case is "not found": its existence is not theirs to learn.
        return @case is null || @case.Source != ClientOf(http).Name
            ? Problem(StatusCodes.Status404NotFound, "找不到该案件", $"没有由本接口客户端登记、编码为 {parsed.Value} 的案件。")
            : Results.Json(CaseStatusResponse.From(@case), Json);
    }

    private static Ok<CatalogResponse> Catalog() => TypedResults.Ok(new CatalogResponse(
        [.. Enum.GetValues<Channel>().Select(c => new CatalogEntry(JsonNamingPolicy.CamelCase.ConvertName(c.ToString()), Labels.Of(c)))],
        [.. Enum.GetValues<CaseCategory>().Select(c => new CatalogEntry(JsonNamingPolicy.CamelCase.ConvertName(c.ToString()), Labels.Of(c)))]));

    private static T ParseEnum<T>(string? value, T? fallback, string field, string what, FieldProblems problems)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (fallback is { } f)
            {
                return f;
            }

            problems.Add(field, $"请填写{what}。");
            return default;
        }

        if (!value.All(char.IsAsciiLetterOrDigit) || value.All(char.IsAsciiDigit) || !Enum.TryParse<T>(value, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            var allowed = string.Join("、", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));
            problems.Add(field, $"{what}「{Guard.Quote(value)}」无效，可选值：{allowed}。");
            return default;
        }

        return parsed;
    }

    private static T ParseEnum<T>(string? value, T fallback, string field, string what, FieldProblems problems)
        where T : struct, Enum => ParseEnum<T>(value, (T?)fallback, field, what, problems);

    private static IResult ValidationProblem(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "请求内容有误", detail: $"共 {errors.Sum(e => e.Value.Length)} 处问题，请逐项修改后重新提交。", type: "https://dispatch.example/problems/validation");

    internal static IResult Problem(int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status);
}

public sealed record CaseRequest(
    string? Channel,
    string? Category,
    string? Title,
    string? Description,
    IReadOnlyList<PartyRequest>? Parties,
    string? Township,
    string? Village,
    string? Address,
    DateTimeOffset? ReceivedAt,
    double? Latitude,
    double? Longitude,
    string? ExternalId);

public sealed record PartyRequest(string? Name, string? Phone, string? IdNumber);

/// <summary>A case's state as a filing system may see it: no parties, no internal notes.</summary>
public sealed record CaseStatusResponse(
    string Code,
    string Status,
    string StatusLabel,
    string Channel,
    string Category,
    string CenterLevel,
    string? ExternalId,
    DateTimeOffset ReceivedAt,
    DateTimeOffset AcceptedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? ResultAt,
    DateTimeOffset? ClosedAt,
    int SupervisionCount,
    string? Outcome,
    string TrackUrl)
{
    public static CaseStatusResponse From(Case @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        static DateTimeOffset Local(DateTimeOffset at) => at.ToOffset(Domain.Whistles.WorkingCalendar.ChinaStandardTime);
        return new CaseStatusResponse(
            @case.Code,
            JsonNamingPolicy.CamelCase.ConvertName(@case.Status.ToString()),
            Labels.Of(@case.Status),
            JsonNamingPolicy.CamelCase.ConvertName(@case.Channel.ToString()),
            JsonNamingPolicy.CamelCase.ConvertName(@case.Category.ToString()),
            Labels.Of(@case.CenterLevel),
            @case.ExternalId,
            Local(@case.ReceivedAt),
            Local(@case.AcceptedAt),
            @case.DueAt is { } due ? Local(due) : null,
            @case.ResultAt is { } result ? Local(result) : null,
            @case.ClosedAt is { } closed ? Local(closed) : null,
            @case.SupervisionCount,
            @case.Status == CaseStatus.Closed ? @case.Outcome : null,
            $"/track?code={Uri.EscapeDataString(@case.Code)}");
    }
}

public sealed record CatalogEntry(string Value, string Label);

public sealed record CatalogResponse(IReadOnlyList<CatalogEntry> Channels, IReadOnlyList<CatalogEntry> Categories);
