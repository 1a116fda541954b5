import Foundation
import TextEncodingDetection

/// Reads contact files by their name: `.csv` (any case) with `ContactCSVReader`, anything else as
/// vCard; what `zmigrate contacts` and `convert --contacts` both read.
public enum ContactFiles {
  /// The contacts of every file in order, with their diagnostics and unmapped-field counts merged,
  /// the dialect each CSV file was read as, and how each CSV file that was neither UTF-8 nor UTF-16
  /// was decoded; `dialect` forces one for every CSV file, `charset` the charset of input that is
  /// not UTF-8 (CSV files, and vCard values without `CHARSET`).
  public static func read(
    _ paths: [String], dialect: ContactCSVReader.Dialect? = nil, charset: CharsetChoice = .detect
  ) throws
    -> (
      result: ContactReadResult, dialects: [String: ContactCSVReader.Dialect],
      charsets: [String: String]
    )
  {
    var all = ContactReadResult()
    var dialects: [String: ContactCSVReader.Dialect] = [:]
    var charsets: [String: String] = [:]
    for path in paths {
      let url = URL(fileURLWithPath: path)
      let read: ContactReadResult
      if path.lowercased().hasSuffix(".csv") {
        let csv = try ContactCSVReader(dialect: dialect, charset: charset).read(contentsOf: url)
        dialects[path] = csv.dialect
        charsets[path] = csv.charset
        read = csv.result
      } else {
        read = try VCardReader(charset: charset).read(contentsOf: url)
      }
      all.contacts += read.contacts
      all.diagnostics += read.diagnostics
      all.unmappedProperties.merge(read.unmappedProperties, uniquingKeysWith: +)
    }
    return (all, dialects, charsets)
  }
}
