/// What an RTF body holds, per [MS-OXRTFEX] (encapsulated HTML or text) or native RTF.
public enum RtfBody {
  /// The body found in `rtf`.
  public static func content(of rtf: [UInt8]) -> RtfContent {
    let encapsulation = RtfTokenizer.encapsulation(of: rtf)
    var reader = RtfTextReader(rtf, mode: encapsulation)
    let text = reader.read()
    switch encapsulation {
    case .html: return .html(text)
    case .text: return .text(text)
    case .native: return .native(text)
    }
  }
}

/// The body an RTF document yields: the HTML or text it encapsulates, or the text of native RTF.
public enum RtfContent: Sendable, Equatable {
  /// De-encapsulated HTML (`\fromhtml1`), as Unicode text.
  case html(String)
  /// De-encapsulated plain text (`\fromtext`).
  case text(String)
  /// Not encapsulated: the plain text of the native RTF (paragraphs and line breaks as CRLF,
  /// tabs as TAB, header destinations skipped).
  case native(String)
}

/// What an RTF document's header says it encapsulates ([MS-OXRTFEX] §2.2.3.1).
enum RtfEncapsulation: Sendable, Equatable {
  /// `\fromhtml1`: HTML.
  case html
  /// `\fromtext`: plain text.
  case text
  /// Neither: native RTF.
  case native
}
