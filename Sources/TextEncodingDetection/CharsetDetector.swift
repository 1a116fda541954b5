import CZMigrateUchardet

/// Mozilla's universal charset detector (the system's libuchardet).
public enum CharsetDetector {
  /// The detector's name for the charset of `bytes` (`SHIFT_JIS`, `WINDOWS-1251`, `UHC`,
  /// `ISO-8859-7`, …), or nil when it has no answer. libuchardet 0.0.7 (Debian 12) gives no
  /// confidence figure; `CharsetGuess` computes one from the converted text.
  public static func detect(_ bytes: [UInt8]) -> String? {
    guard let detector = uchardet_new() else { return nil }
    defer { uchardet_delete(detector) }
    let accepted = bytes.withUnsafeBytes { raw -> Int32 in
      guard let base = raw.baseAddress else { return 0 }
      return uchardet_handle_data(detector, base.assumingMemoryBound(to: CChar.self), raw.count)
    }
    guard accepted == 0 else { return nil }
    uchardet_data_end(detector)
    guard let name = uchardet_get_charset(detector) else { return nil }
    let answer = String(cString: name)
    return answer.isEmpty ? nil : answer
  }
}
