using Dispatch.Domain.Cases;
using Dispatch.Infrastructure.Cases;
using Microsoft.AspNetCore.Components.Forms;

namespace Dispatch.Web.Components.Shared;

/// <summary>
/// Reads the files picked in an <c>InputFile</c> for a case (the window's intake, the grid
/// worker's photos): at most as many as the case has room for, each checked by the domain's
/// attachment rules at once, so the clerk hears what is wrong before submitting.
/// </summary>
public static class PickedFiles
{
    public static async Task<(IReadOnlyList<NewAttachment> Files, IReadOnlyList<string> Problems)> ReadAsync(InputFileChangeEventArgs e, int already, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        var files = new List<NewAttachment>();
        var problems = new List<string>();
        var room = CaseAttachment.MaxPerCase - already;
        if (e.FileCount > room)
        {
            problems.Add($"每件最多 {CaseAttachment.MaxPerCase} 个附件，已选 {already} 个，本次只能再加 {Math.Max(room, 0)} 个。");
        }

        foreach (var file in e.GetMultipleFiles(e.FileCount).Take(Math.Max(room, 0)))
        {
            if (AttachmentRules.ProblemWith(file.Name, file.ContentType, file.Size) is { } problem)
            {
                problems.Add(problem);
                continue;
            }

            using var buffer = new MemoryStream();
            await file.OpenReadStream(CaseAttachment.MaxBytes, cancellationToken).CopyToAsync(buffer, cancellationToken);
            files.Add(new NewAttachment(file.Name, file.ContentType, buffer.ToArray()));
        }

        return (files, problems);
    }
}
