/// MIME types of common attachment file name extensions, for attachments that name no type.
enum MimeTypes {
  /// Lower-case extension → MIME type.
  static let byExtension: [String: String] = [
    "txt": "text/plain", "htm": "text/html", "html": "text/html", "csv": "text/csv",
    "rtf": "application/rtf", "xml": "text/xml", "ics": "text/calendar", "vcf": "text/vcard",
    "eml": "message/rfc822", "pdf": "application/pdf", "zip": "application/zip",
    "gz": "application/gzip", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "msg": "application/vnd.ms-outlook", "png": "image/png", "jpg": "image/jpeg",
    "jpeg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp", "tif": "image/tiff",
    "tiff": "image/tiff", "svg": "image/svg+xml", "wav": "audio/wav", "mp3": "audio/mpeg",
    "mp4": "video/mp4", "p7s": "application/pkcs7-signature", "p7m": "application/pkcs7-mime",
  ]
}
