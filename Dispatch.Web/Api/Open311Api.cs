using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Dispatch.Domain.Cases;
using Dispatch.Domain.Common;
using Dispatch.Domain.Whistles;
using Dispatch.Infrastructure.Cases;
using Dispatch.Infrastructure.Queries;

namespace Dispatch.Web.Api;

/// <summary>
/// Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2): services are the case
/// categories, <c>service_request_id</c> is the case code. JSON or XML by the path's extension.
/// Filing and reading need the client's <c>api_key</c>; a client reads only what it filed.
/// </summary>
public static class Open311Api
{
    private const string Root = "/open311/v2";

    private static readonly string[] Formats = ["text/xml", "application/json"];

    /// <summary>When this server's Open311 interface last changed.</summary>
    private const string Changeset = "2026-12-02T00:00:00+08:00";

    /// <summary>How many ids one <c>GET requests</c> may name.</summary>
    private const int MaxListedIds = 100;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Refuses bytes that are not UTF-8 instead of turning them into �.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root).WithTags("open311").DisableAntiforgery().ExcludeFromDescription();
        group.MapGet("/discovery.{format}", Discovery);
        group.MapGet("/services.{format}", Services);
        group.MapGet("/services/{code}.{format}", ServiceDefinitionAsync);
        group.MapPost("/requests.{format}", CreateAsync);
        group.MapGet("/requests.{format}", ListAsync);
        group.MapGet("/requests/{id}.{format}", GetAsync);
        return app;
    }

    /// <summary>GeoReport v2 discovery: one object, with the endpoints this server offers.</summary>
    private static IResult Discovery(HttpContext http, string format)
    {
        var url = $"{http.Request.Scheme}://{http.Request.Host}{Root}";
        return Write(format, "discovery", [new Row
        {
            ["changeset"] = Changeset,
            ["contact"] = "甘州区综治中心 0936-8212345",
            ["key_service"] = "提交请求须带 api_key，请向甘州区综治中心申请；查询进度无需 api_key。",
            ["endpoints"] = new Row[]
            {
                new()
                {
                    ["specification"] = "http://wiki.open311.org/GeoReport_v2",
                    ["url"] = url,
                    ["changeset"] = Changeset,
                    ["type"] = "production",
                    ["formats"] = Formats,
                },
            },
        }], single: true);
    }

    private static IResult Services(string format) =>
        Write(format, "services", [.. Enum.GetValues<CaseCategory>().Select(Service)], "service");

    /// <summary>A service definition: one object; its attributes are the place fields a request may carry.</summary>
    private static async Task<IResult> ServiceDefinitionAsync(string code, string format, DispatchQueries places, CancellationToken cancellationToken)
    {
        if (ServiceCode(code) is null)
        {
            return Error(format, StatusCodes.Status404NotFound, $"service_code「{Guard.Quote(code)}」不存在。");
        }

        var centers = await places.CentersAsync(cancellationToken);
        Row Attribute(string attribute, string description, int order, Domain.Organization.CenterLevel level) => new()
        {
            ["variable"] = true,
            ["code"] = attribute,
            ["datatype"] = "singlevaluelist",
            ["required"] = false,
            ["datatype_description"] = null,
            ["order"] = order,
            ["description"] = description,
            ["values"] = centers.Where(c => c.Level == level).OrderBy(c => c.Code, StringComparer.Ordinal)
                .Select(c => new Row { ["key"] = c.Code, ["name"] = c.Name }).ToArray(),
        };
        return Write(format, "service_definition", [new Row
        {
            ["service_code"] = ServiceCodeOf(ServiceCode(code)!.Value),
            ["attributes"] = new[]
            {
                Attribute("township", "乡镇（街道）：事发地所属乡镇或街道", 1, Domain.Organization.CenterLevel.Township),
                Attribute("village", "村（社区）：事发地所属村或社区", 2, Domain.Organization.CenterLevel.Village),
            },
        }], single: true);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, string format, CaseIntakeCommands commands, CancellationToken cancellationToken)
    {
        if (!IsFormat(format))
        {
            return Error("json", StatusCodes.Status404NotFound, "只支持 .json 或 .xml。");
        }

        if (!http.Request.HasFormContentType)
        {
            return Error(format, StatusCodes.Status400BadRequest, "请以 application/x-www-form-urlencoded 提交。");
        }

        var body = await CaseApi.ReadBodyAsync(http.Request, CaseApi.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Error(format, StatusCodes.Status413PayloadTooLarge, $"请求体超过 {CaseApi.MaxBodyBytes / 1024 / 1024} MB，请检查各字段的长度。");
        }

        IFormCollection form;
        try
        {
            // Read with our own limits (the framework's 4 MB per value would end in an error that names no field).
            using var reader = new Microsoft.AspNetCore.WebUtilities.FormReader(new MemoryStream(body), StrictUtf8)
            {
                ValueLengthLimit = CaseApi.MaxBodyBytes,
                KeyLengthLimit = 200,
                ValueCountLimit = 200,
            };
            form = new FormCollection(await reader.ReadFormAsync(cancellationToken));
        }
        catch (InvalidDataException)
        {
            return Error(format, StatusCodes.Status400BadRequest, "表单无法读取：字段过多（最多 200 个）或字段名过长，请检查请求。");
        }
        catch (DecoderFallbackException)
        {
            return Error(format, StatusCodes.Status400BadRequest, "表单不是有效的 UTF-8 编码：请以 UTF-8 编码文字后再做 URL 编码。");
        }

        var client = http.RequestServices.GetRequiredService<ApiClients>().Find(form["api_key"]);
        if (client is null)
        {
            return Error(format, StatusCodes.Status403Forbidden, "api_key 缺失或无效。");
        }

        var problems = new FieldProblems();
        var category = ServiceCode(form["service_code"]);
        if (category is null)
        {
            problems.Add("service_code", $"service_code「{Guard.Quote(form["service_code"])}」不存在，可用 GET {Root}/services.{format} 查看。");
        }

        var latitude = Number(form["lat"], "lat", problems);
        var longitude = Number(form["long"], "long", problems);
        string? address = form["address_string"];
        if (latitude is null && longitude is null && string.IsNullOrWhiteSpace(address))
        {
            problems.Add("address_string", "须提供位置：lat 与 long，或 address_string。");
        }

        string? description = form["description"];
        var name = $"{form["last_name"]}{form["first_name"]}".Trim();
        var intake = new IntakeForm(
            client.Channel,
            category ?? CaseCategory.Other,
            Title(category, description, address),
            description,
            [new PartyForm(name.Length > 0 ? name : "匿名群众", NullIfBlank(form["phone"]), null)],
            NullIfBlank(form["attribute[township]"]),
            NullIfBlank(form["attribute[village]"]),
            NullIfBlank(address))
        {
            Latitude = latitude,
            Longitude = longitude,
            ExternalId = NullIfBlank(form["device_id"]),
        };
        try
        {
            var canonical = string.Join('&', form.OrderBy(f => f.Key, StringComparer.Ordinal).Where(f => f.Key != "api_key").Select(f => $"{f.Key}={f.Value}"));
            var registered = await commands.RegisterFromClientAsync(
                client.Name, client.Center, intake, NullIfBlank(http.Request.Headers[CaseApi.IdempotencyHeader]), CaseIntakeCommands.Hash(Encoding.UTF8.GetBytes(canonical)), problems.ToDictionary(), cancellationToken);
            return Write(format, "service_requests", [new Row
            {
                ["service_request_id"] = registered.Code,
                ["service_notice"] = $"已受理，案件编码 {registered.Code}，可凭编码和手机号后四位在 /track 查询进度。",
                ["account_id"] = null,
            }], "request", StatusCodes.Status201Created);
        }
        catch (IntakeValidationException ex)
        {
            return Errors(format, StatusCodes.Status400BadRequest, ex.Errors.SelectMany(e => e.Value.Select(m => $"{Open311Field(e.Key)}：{m}")).Distinct());
        }
        catch (IdempotencyMismatchException ex)
        {
            return Error(format, StatusCodes.Status422UnprocessableEntity, ex.Message);
        }
    }

    /// <summary>
    /// GET requests: without an api_key (as the specification allows) every request filed through
    /// the API, public fields only; with a client's key, that client's own requests in full.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext http, string format, DispatchQueries queries, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!IsFormat(format))
        {
            return Error("json", StatusCodes.Status404NotFound, "只支持 .json 或 .xml。");
        }

        var (client, refused) = Client(http, format);
        if (refused is not null)
        {
            return refused;
        }

        var query = http.Request.Query;
        var codes = ((string?)query["service_request_id"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => CaseCode.TryParse(c, out var code, out _) ? code.Value : c.ToUpperInvariant()).ToList();
        if (codes.Count > MaxListedIds)
        {
            return Error(format, StatusCodes.Status400BadRequest, $"service_request_id 一次最多查询 {MaxListedIds} 个（现为 {codes.Count} 个）。");
        }

        CaseCategory? category = null;
        if (!string.IsNullOrWhiteSpace(query["service_code"]))
        {
            category = ServiceCode(query["service_code"]);
            if (category is null)
            {
                return Error(format, StatusCodes.Status400BadRequest, $"service_code「{Guard.Quote(query["service_code"])}」不存在。");
            }
        }

        var now = clock.GetUtcNow();
        if (!TryDate(query["end_date"], now, out var end) || !TryDate(query["start_date"], end.AddDays(-90), out var start))
        {
            return Error(format, StatusCodes.Status400BadRequest, "start_date / end_date 须为 ISO 8601 时间，例如 2026-11-01T00:00:00+08:00。");
        }

        bool? open;
        switch (((string?)query["status"])?.Trim().ToLowerInvariant())
        {
            case null or "":
                open = null;
                break;
            case "open":
                open = true;
                break;
            case "closed":
                open = false;
                break;
            default:
                return Error(format, StatusCodes.Status400BadRequest, $"status「{Guard.Quote(query["status"])}」无效，可选 open 或 closed。");
        }

        var cases = await queries.CasesFiledByAsync(client?.Name, codes, category, start, end, open, 1000, cancellationToken);
        return Write(format, "service_requests", [.. cases.Select(c => client is null ? PublicRequest(c) : Request(c))], "request");
    }

    /// <summary>GET requests/{id}: the public fields for anyone, everything for the client that filed it.</summary>
    private static async Task<IResult> GetAsync(HttpContext http, string id, string format, DispatchQueries queries, CancellationToken cancellationToken)
    {
        if (!IsFormat(format))
        {
            return Error("json", StatusCodes.Status404NotFound, "只支持 .json 或 .xml。");
        }

        var (client, refused) = Client(http, format);
        if (refused is not null)
        {
            return refused;
        }

        if (!CaseCode.TryParse(id, out var code, out var error))
        {
            return Error(format, StatusCodes.Status400BadRequest, error);
        }

        var @case = await queries.CaseByCodeAsync(code.Value, cancellationToken);
        if (@case?.Source is null)
        {
            // Cases registered at a window are not Open311 requests: their existence is not public.
            return Error(format, StatusCodes.Status404NotFound, $"找不到 service_request_id 为 {code.Value} 的请求。");
        }

        return Write(format, "service_requests", [client is not null && @case.Source == client.Name ? Request(@case) : PublicRequest(@case)], "request");
    }

    /// <summary>The client behind an api_key, if one was sent; a key that was sent but is wrong is refused, not ignored.</summary>
    private static (ApiClient? Client, IResult? Refused) Client(HttpContext http, string format)
    {
        var key = http.Request.Query["api_key"].FirstOrDefault() ?? http.Request.Headers[CaseApi.KeyHeader].FirstOrDefault();
        if (string.IsNullOrEmpty(key))
        {
            return (null, null);
        }

        return http.RequestServices.GetRequiredService<ApiClients>().Find(key) is { } client
            ? (client, null)
            : (null, Error(format, StatusCodes.Status403Forbidden, "api_key 无效。查询进度可以不带 api_key。"));
    }

    private static Row Service(CaseCategory category) => new()
    {
        ["service_code"] = ServiceCodeOf(category),
        ["service_name"] = Labels.Of(category),
        ["description"] = $"{Labels.Of(category)}类矛盾纠纷与诉求",
        ["metadata"] = true,
        ["type"] = "realtime",
        ["keywords"] = Labels.Of(category),
        ["group"] = "矛盾纠纷",
    };

    /// <summary>What anyone may read of a request: no names, phones, ID numbers, addresses, places or descriptions.</summary>
    private static Row PublicRequest(Case @case) => new()
    {
        ["service_request_id"] = @case.Code,
        ["status"] = @case.IsOpen ? "open" : "closed",
        ["status_notes"] = StatusNotes(@case),
        ["service_name"] = Labels.Of(@case.Category),
        ["service_code"] = ServiceCodeOf(@case.Category),
        ["agency_responsible"] = Labels.Of(@case.CenterLevel) + "综治中心",
        ["requested_datetime"] = Time(@case.ReceivedAt),
        ["updated_datetime"] = Time(@case.Timeline.Count > 0 ? @case.Timeline.Max(t => t.At) : @case.AcceptedAt),
    };

    private static string StatusNotes(Case @case) => Labels.Of(@case.Status) + (@case.SupervisionCount > 0 ? "（二次督办）" : string.Empty);

    private static Row Request(Case @case) => new()
    {
        ["service_request_id"] = @case.Code,
        ["status"] = @case.IsOpen ? "open" : "closed",
        ["status_notes"] = StatusNotes(@case),
        ["service_name"] = Labels.Of(@case.Category),
        ["service_code"] = ServiceCodeOf(@case.Category),
        ["description"] = @case.Description,
        ["agency_responsible"] = Labels.Of(@case.CenterLevel) + "综治中心",
        ["service_notice"] = null,
        ["requested_datetime"] = Time(@case.ReceivedAt),
        ["updated_datetime"] = Time(@case.Timeline.Count > 0 ? @case.Timeline.Max(t => t.At) : @case.AcceptedAt),
        ["expected_datetime"] = @case.DueAt is { } due ? Time(due) : null,
        ["address"] = @case.Address,
        ["address_id"] = null,
        ["zipcode"] = null,
        ["lat"] = @case.Latitude,
        ["long"] = @case.Longitude,
        ["media_url"] = null,
    };

    private static string ServiceCodeOf(CaseCategory category) => JsonNamingPolicy.SnakeCaseLower.ConvertName(category.ToString());

    private static CaseCategory? ServiceCode(string? code) =>
        Enum.GetValues<CaseCategory>().Cast<CaseCategory?>().FirstOrDefault(c => ServiceCodeOf(c!.Value) == code?.Trim().ToLowerInvariant());

    /// <summary>Our field names as an Open311 client sent them.</summary>
    private static string Open311Field(string field) => field switch
    {
        "parties[0].name" => "first_name / last_name",
        "parties[0].phone" => "phone",
        "township" => "attribute[township]",
        "village" => "attribute[village]",
        "address" => "address_string",
        "latitude" => "lat",
        "longitude" => "long",
        "externalId" => "device_id",
        "title" => "description",
        _ => field,
    };

    private static string Title(CaseCategory? category, string? description, string? address)
    {
        var text = (description ?? string.Empty).Trim().ReplaceLineEndings(" ");
        var head = text.Length > 24 ? text[..24] + "…" : text;
        return head.Length > 0 ? head : $"{(category is { } c ? Labels.Of(c) : "诉求")}{(string.IsNullOrWhiteSpace(address) ? string.Empty : "｜" + address.Trim())}";
    }

    private static double? Number(string? value, string field, FieldProblems problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        problems.Add(field, $"{field}「{Guard.Quote(value)}」不是数字。");
        return null;
    }

    private static bool TryDate(string? value, DateTimeOffset fallback, out DateTimeOffset date)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            date = fallback;
            return true;
        }

        // Years outside 2000–2999 are typing mistakes, and the far ends of the calendar would overflow the 90-day default.
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out date) && date.Year is >= 2000 and <= 2999;
    }

    private static string Time(DateTimeOffset at) => at.ToOffset(WorkingCalendar.ChinaStandardTime).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsFormat(string format) => format is "json" or "xml";

    private static IResult Error(string format, int status, string description) => Errors(format, status, [description]);

    private static IResult Errors(string format, int status, IEnumerable<string> descriptions) =>
        Write(format, "errors", [.. descriptions.Select(d => new Row { ["code"] = status, ["description"] = d })], "error", status);

    /// <summary>
    /// Writes rows as the specification lays them out: JSON an array of objects (one object when
    /// <paramref name="single"/>), XML a root element holding one element per row (the row's
    /// fields directly under the root when single).
    /// </summary>
    private static IResult Write(string format, string root, IReadOnlyList<Row> rows, string? element = null, int status = StatusCodes.Status200OK, bool single = false)
    {
        if (format == "xml")
        {
            var body = single ? ToXml(root, rows[0]) : new XElement(root, rows.Select(r => ToXml(element!, r)));
            var xml = new XDocument(new XDeclaration("1.0", "utf-8", null), body);
            return Results.Text(xml.Declaration + "\n" + xml.Root, "text/xml; charset=utf-8", Encoding.UTF8, status);
        }

        if (format != "json")
        {
            return Results.Text("只支持 .json 或 .xml。", "text/plain; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
        }

        return single ? Results.Json(rows[0], JsonOptions, statusCode: status) : Results.Json(rows, JsonOptions, statusCode: status);
    }

    /// <summary>The XML element of a row: nested rows under a plural name become singular children (attributes → attribute, values → value, endpoints → endpoint), lists of text likewise (formats → format).</summary>
    private static XElement ToXml(string name, Row row) =>
        new(name, row.Select(field => field.Value switch
        {
            Row[] nested => new XElement(field.Key, nested.Select(n => ToXml(Singular(field.Key), n))),
            string[] texts => new XElement(field.Key, texts.Select(t => new XElement(Singular(field.Key), t))),
            bool b => new XElement(field.Key, b ? "true" : "false"),
            double d => new XElement(field.Key, d.ToString(CultureInfo.InvariantCulture)),
            null => new XElement(field.Key),
            var v => new XElement(field.Key, Convert.ToString(v, CultureInfo.InvariantCulture)),
        }));

    private static string Singular(string plural) => plural.EndsWith('s') ? plural[..^1] : plural;

    /// <summary>One Open311 object; field order is kept for the XML.</summary>
    private sealed class Row : Dictionary<string, object?>;
}
