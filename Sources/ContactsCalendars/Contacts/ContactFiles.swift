import Foundation

/// Reads contact files by their name: `.csv` (any case) with `ContactCSVReader`, anything else as
/// vCard; what `zmigrate contacts` and `convert --contacts` both read.
public enum ContactFiles {
  /// The contacts of every file in order, with their diagnostics and unmapped-field counts merged,
  /// and the dialect each CSV file was read as; `dialect` forces one for every CSV file.
  public static func read(_ paths: [String], dialect: ContactCSVReader.Dialect? = nil) throws
    -> (result: ContactReadResult, dialects: [String: ContactCSVReader.Dialect])
  {
    var all = ContactReadResult()
    var dialects: [String: ContactCSVReader.Dialect] = [:]
    for path in paths {
      let url = URL(fileURLWithPath: path)
      let read: ContactReadResult
      if path.lowercased().hasSuffix(".csv") {
        let csv = try ContactCSVReader(dialect: dialect).read(contentsOf: url)
        dialects[path] = csv.dialect
        read = csv.result
      } else {
        read = try VCardReader().read(contentsOf: url)
      }
      all.contacts += read.contacts
      all.diagnostics += read.diagnostics
      all.unmappedProperties.merge(read.unmappedProperties, uniquingKeysWith: +)
    }
    return (all, dialects)
  }
}
