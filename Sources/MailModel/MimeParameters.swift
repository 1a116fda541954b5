/// Reads parameters (`boundary=`, `charset=`) from a structured header value such as Content-Type.
public enum MimeParameters {
  /// The value of parameter `name` (case-insensitive), unquoted, or nil.
  public static func value(of name: String, in header: String) -> String? {
    let wanted = name.lowercased()
    var i = header.startIndex
    while let semi = header[i...].firstIndex(of: ";") {
      var j = header.index(after: semi)
      while j < header.endIndex, header[j] == " " || header[j] == "\t" {
        j = header.index(after: j)
      }
      guard let eq = header[j...].firstIndex(of: "=") else { return nil }
      let key = header[j..<eq].trimmingCharactersInSetLite().lowercased()
      var k = header.index(after: eq)
      while k < header.endIndex, header[k] == " " || header[k] == "\t" {
        k = header.index(after: k)
      }
      var value = ""
      if k < header.endIndex, header[k] == "\"" {
        k = header.index(after: k)
        while k < header.endIndex, header[k] != "\"" {
          if header[k] == "\\", header.index(after: k) < header.endIndex {
            k = header.index(after: k)
          }
          value.append(header[k])
          k = header.index(after: k)
        }
        if k < header.endIndex { k = header.index(after: k) }
      } else {
        while k < header.endIndex, header[k] != ";", header[k] != " ", header[k] != "\t" {
          value.append(header[k])
          k = header.index(after: k)
        }
      }
      if key == wanted { return value }
      i = k
    }
    return nil
  }
}

extension Substring {
  fileprivate func trimmingCharactersInSetLite() -> String { String(self).trimmingWhitespace() }
}
