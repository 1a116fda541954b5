/// The bodies of an Outlook item, chosen among PR_BODY, PR_HTML and PR_RTF_COMPRESSED: the
/// stored text and HTML first; from the RTF, the HTML or text it encapsulates when the item has
/// no stored one, or the native RTF itself (kept beside the text).
struct MapiBodies {
  /// An HTML body: its bytes and their charset.
  struct Html {
    /// The HTML as stored (or as UTF-8 when it came from a string or from the RTF).
    var bytes: [UInt8]
    /// The MIME charset name of `bytes`.
    var charset: String
  }

  /// The plain text body.
  var text: String?
  /// The HTML body.
  var html: Html?
  /// Native (not encapsulating) RTF, kept as `text/rtf`.
  var nativeRtf: [UInt8]?

  /// The bodies of `message`; an unreadable RTF body is a note.
  init(_ message: MapiMessage, notes: inout [String]) {
    let bag = message.properties
    if let text = bag.string(.body), !text.isEmpty { self.text = text }
    if let property = bag[.html] {
      if property.type.element == .binary, let bytes = bag.binary(.html), !bytes.isEmpty {
        let codePage = Int(bag.integer(.internetCodePage) ?? Int64(bag.codePage))
        let charset = MapiText.charset(codePage: codePage)?.name.lowercased() ?? "windows-1252"
        html = Html(bytes: MapiText.trimmingNUL(bytes), charset: charset)
      } else if let string = bag.string(.html), !string.isEmpty {
        html = Html(bytes: Array(string.utf8), charset: "utf-8")
      }
    }
    guard let compressed = bag.binary(.rtfCompressed), !compressed.isEmpty else { return }
    let rtf: [UInt8]
    do {
      rtf = try CompressedRtf.decompress(compressed)
    } catch {
      notes.append("the RTF body cannot be read (\(error)): left out")
      return
    }
    switch RtfBody.content(of: rtf) {
    case .html(let string):
      if html == nil && !string.isEmpty { html = Html(bytes: Array(string.utf8), charset: "utf-8") }
    case .text(let string):
      if text == nil && !string.isEmpty { text = string }
    case .native(let string):
      if html == nil {
        if text == nil && !string.isEmpty { text = string }
        nativeRtf = rtf
      }
    }
  }
}
