import Foundation

/// The short names `attachment:` and `type:` accept, mapped to the MIME types they stand for,
/// as Zimbra's AttachmentQuery maps them; any other value is looked up as written.
enum AttachmentTypes {
  private static let word = [
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.ms-word.template.macroenabled.12",
  ]
  private static let excel = [
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    "application/vnd.ms-excel.sheet.macroenabled.12",
    "application/vnd.ms-excel.template.macroenabled.12",
    "application/vnd.ms-excel.addin.macroenabled.12",
    "application/vnd.ms-excel.sheet.binary.macroenabled.12",
  ]
  private static let powerPoint = [
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.presentationml.template",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    "application/vnd.ms-powerpoint.addin.macroenabled.12",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12",
    "application/vnd.ms-powerpoint.slideshow.macroenabled.12",
  ]

  /// Short name (lower case) to the type tokens it matches.
  static let shortNames: [String: [String]] = [
    "any": ["any"], "none": ["none"],
    "application": ["application"], "application/*": ["application"],
    "image": ["image"], "image/*": ["image"],
    "text": ["text"], "text/*": ["text"],
    "bmp": ["image/bmp"], "gif": ["image/gif"], "jpeg": ["image/jpeg"],
    "pdf": ["application/pdf"],
    "ms-tnef": ["application/ms-tnef"],
    "word": word, "msword": word, "application/msword": word,
    "excel": excel, "xls": excel, "application/vnd.ms-excel": excel,
    "powerpoint": powerPoint, "ppt": powerPoint, "application/vnd.ms-powerpoint": powerPoint,
  ]

  /// The tokens an `attachment:` or `type:` value matches: the mapped list, else the value.
  static func tokens(for value: String) -> [String] {
    let key = value.lowercased()
    return shortNames[key] ?? [key]
  }

  /// The tokens of one MIME type as Zimbra indexes it: the type and its primary type.
  static func indexTokens(of contentType: String) -> [String] {
    let type = contentType.trimmingCharacters(in: .whitespaces).lowercased()
    guard !type.isEmpty else { return [] }
    guard let slash = type.firstIndex(of: "/"), slash != type.startIndex else { return [type] }
    return [type, String(type[..<slash])]
  }
}
