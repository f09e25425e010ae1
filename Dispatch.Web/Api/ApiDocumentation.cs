using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Dispatch.Web.Api;

/// <summary>
/// The OpenAPI document of /api/v1 — the X-Api-Key scheme, the Idempotency-Key header, the problem
/// responses — and the browsable reference (Scalar) at /api/docs that reads it.
/// </summary>
public static class ApiDocumentation
{
    public const string KeyScheme = "ApiKey";
    public const string DocsPath = "/api/docs";

    public static void Configure(OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Dispatch 案件接入接口";
            document.Info.Version = "v1";
            document.Info.Description =
                "供 12345 热线等系统登记案件、查询进度。\n\n" +
                "* 认证：每个请求带 `X-Api-Key` 请求头（向综治中心申请）。\n" +
                "* 登记必须带 `Idempotency-Key` 请求头：每个新请求一个新值，重试时沿用原值，同一键不会重复登记。\n" +
                "* 错误为 RFC 9457 problem+json；字段错误在 `errors` 中按请求里的字段名（如 `latitude`、`parties[0].phone`）逐项列出。";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = CaseApi.KeyHeader,
                Description = "接口客户端的 API 密钥。",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, document)] = [] });
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (operation.OperationId == "CreateCase")
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = CaseApi.IdempotencyHeader,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "1–100 个可见字符。每个新请求一个新值；重试时沿用原值，返回同一案件（响应头 Idempotent-Replayed: true）。同一键配另一请求体返回 422。",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 100 },
                });
            }

            return Task.CompletedTask;
        });
    }

    public static void MapApiReference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapScalarApiReference(DocsPath, options =>
        {
            options.Title = "Dispatch 案件接入接口";
            options.OpenApiRoutePattern = "/api/{documentName}/openapi.json";
            options.AddDocument("v1");

            // No fonts from Scalar's servers (the content policy refuses them; a county network may not reach them).
            options.DefaultFonts = false;
        });
    }
}
