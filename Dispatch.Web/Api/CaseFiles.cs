using Dispatch.Infrastructure.Cases;
using Dispatch.Web.Security;

namespace Dispatch.Web.Api;

/// <summary>Downloads of a case's attachments, for the center's staff.</summary>
public static class CaseFiles
{
    public static IEndpointRouteBuilder MapCaseFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cases/{caseId:guid}/files/{fileId:guid}", async (Guid caseId, Guid fileId, CaseIntakeCommands commands, CancellationToken cancellationToken) =>
                await commands.AttachmentAsync(caseId, fileId, cancellationToken) is { } file
                    ? Results.File(file.Content, file.ContentType, file.FileName)
                    : Results.NotFound())
            .RequireAuthorization(Policies.Cases)
            .ExcludeFromDescription();
        return app;
    }
}
