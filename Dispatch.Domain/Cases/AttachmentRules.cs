using Dispatch.Domain.Common;

namespace Dispatch.Domain.Cases;

/// <summary>What may be attached to a case: how many files, how large, of which kinds.</summary>
public static class AttachmentRules
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerCase = 10;

    public static readonly IReadOnlyList<string> AllowedContentTypes =
    [
        "image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf", "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "audio/mpeg", "video/mp4",
    ];

    /// <summary>Why this file cannot be attached, or null when it can.</summary>
    public static string? ProblemWith(string fileName, string contentType, long length) =>
        length == 0 ? $"附件「{fileName}」是空文件，请重新选择。"
        : length > MaxBytes ? TooLarge(fileName)
        : !AllowedContentTypes.Contains(contentType) ? $"附件「{fileName}」的类型不支持，只能上传图片（JPG/PNG/WebP/HEIC）、PDF、Word、MP3 或 MP4。"
        : null;

    public static string TooLarge(string fileName) => $"附件「{fileName}」超过 10 MB，请压缩后再上传。";

    /// <summary>Throws with the first reason the files cannot go onto a case that already has <paramref name="already"/>.</summary>
    public static void Check(IReadOnlyList<(string FileName, string ContentType, long Length)> files, int already = 0)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count > MaxPerCase)
        {
            throw new DomainException($"每件案件最多上传 {MaxPerCase} 个附件（现为 {files.Count} 个）。");
        }

        foreach (var (fileName, contentType, length) in files)
        {
            if (ProblemWith(fileName, contentType, length) is { } problem)
            {
                throw new DomainException(problem);
            }
        }

        if (already + files.Count > MaxPerCase)
        {
            throw new DomainException($"每件案件最多 {MaxPerCase} 个附件，该案件已有 {already} 个。");
        }
    }
}
