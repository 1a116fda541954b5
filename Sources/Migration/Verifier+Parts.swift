import Foundation
import MailModel
import ZimbraBundle

extension Verifier {
  /// The bundle that parts belong to (`user.part002.tgz` → `user.tgz`); the first path itself
  /// when it is not named like a part.
  static func splitBundle(of parts: [String]) -> String {
    guard let first = parts.first else { return "" }
    return SplitBundleWriter.bundle(ofPart: first)?.bundle ?? first
  }

  /// The parts to verify for `bundles` as given: the parts a report lists when a single
  /// `NAME.tgz` is given that does not exist but whose report (`report`, by default
  /// `NAME.tgz.report.json`) lists parts (found beside `NAME.tgz`), otherwise `bundles`
  /// unchanged.
  public static func expandParts(_ bundles: [String], report: String? = nil) -> [String] {
    guard bundles.count == 1, let bundle = bundles.first,
      !FileManager.default.fileExists(atPath: bundle),
      let listed = listedParts(report ?? OutputPaths.report(for: bundle)), !listed.isEmpty
    else { return bundles }
    return listed.map { besideBundle(bundle, $0.path) }
  }

  /// `part`'s file name in `bundle`'s directory.
  private static func besideBundle(_ bundle: String, _ part: String) -> String {
    let name = URL(fileURLWithPath: part).lastPathComponent
    let directory = (bundle as NSString).deletingLastPathComponent
    return directory.isEmpty ? name : directory + "/" + name
  }

  /// The parts listed in the conversion report at `path`, or nil when there is none or it
  /// lists no parts.
  static func listedParts(_ path: String) -> [BundlePart]? {
    guard let data = FileManager.default.contents(atPath: path),
      let report = try? JSONDecoder().decode(PartsOnly.self, from: data)
    else { return nil }
    return report.parts
  }

  private struct PartsOnly: Decodable {
    var parts: [BundlePart]?
  }

  /// Compares the parts given with those the report at `reportPath` lists: each listed part
  /// given (else `missing-part`), with the listed size and SHA-256, and no part the report does
  /// not list (else `part-differs`). Nothing to compare when there is no report with parts.
  static func checkParts(_ given: [String], listedIn reportPath: String) -> [VerifyProblem] {
    guard let listed = listedParts(reportPath) else { return [] }
    func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
    var byName: [String: String] = [:]
    for path in given { byName[name(path)] = path }
    var problems: [VerifyProblem] = []
    func problem(_ kind: VerifyProblem.Kind, _ detail: String, _ entry: String) {
      problems.append(VerifyProblem(kind: kind, detail: detail, source: nil, entry: entry))
    }
    for part in listed {
      guard let path = byName.removeValue(forKey: name(part.path)) else {
        problem(
          .missingPart, "the report lists this part (\(part.messages) messages); it was not given",
          part.path)
        continue
      }
      let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64)
        .flatMap { $0 }
      if size != part.size {
        problem(
          .partDiffers, "\(size.map(String.init) ?? "no") bytes, the report says \(part.size)", path
        )
      } else if let sha256 = part.sha256, BatchJournal.digest(ofFile: path) != sha256 {
        problem(.partDiffers, "its SHA-256 is not the one in the report", path)
      }
    }
    for path in byName.values.sorted() {
      problem(.partDiffers, "not a part the report lists", path)
    }
    return problems
  }
}
