import Foundation
import ZimbraBundle

/// Where `convert` and `calendar` put what they write when not told: the rules the command
/// line and `verify` share.
public enum OutputPaths {
  /// The bundle for `source` when `--output` is not given: `./<source name>.tgz`.
  public static func bundle(for source: String) -> String {
    var name = URL(fileURLWithPath: source).lastPathComponent
    if name.isEmpty || name == "/" || name == "." { name = "bundle" }
    return name + ".tgz"
  }

  /// The conversion report beside a bundle: `<bundle>.report.json` (a directory bundle's
  /// trailing `/` dropped). `verify` looks for the settings there.
  public static func report(for bundle: String) -> String {
    var base = bundle
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    return base + ".report.json"
  }

  /// The tasks file beside a bundle (`convert --calendar`): `<bundle without .tgz/.tar/.zip>-tasks.ics`.
  public static func bundleTasks(for bundle: String) -> String {
    baseName(of: bundle) + "-tasks.ics"
  }

  /// A bundle's path without a trailing `/` and without `.tgz`, `.tar.gz`, `.tar` or `.zip`.
  private static func baseName(of bundle: String) -> String {
    var base = bundle
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    for suffix in [".tgz", ".tar.gz", ".tar", ".zip"] where base.lowercased().hasSuffix(suffix) {
      base.removeLast(suffix.count)
      break
    }
    return base
  }

  /// The folders file beside a bundle that cannot carry folder entries (`.zip`):
  /// `<bundle without .tgz/.tar/.zip>.folders.zmm`, `zmmailbox` commands that create the
  /// source's empty folders, run before the bundle is uploaded.
  public static func folders(for bundle: String) -> String {
    baseName(of: bundle) + ".folders.zmm"
  }

  /// The tasks file beside a calendar output: `<output without .ics>-tasks.ics`.
  public static func calendarTasks(for output: String) -> String {
    let base = output.lowercased().hasSuffix(".ics") ? String(output.dropLast(4)) : output
    return base + "-tasks.ics"
  }

  /// Whether `name` (a file name in the bundle's directory) is one `convert` writes for `bundle`:
  /// the bundle, one of its parts, its report, folders file or tasks file. Temporaries of these
  /// names left by a killed run are removed by the next run (`Converter`).
  public static func isWritten(_ name: String, forBundle bundle: String) -> Bool {
    var base = bundle
    while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
    let own = [
      base, report(for: base), folders(for: base), bundleTasks(for: base),
    ].map { String($0.split(separator: "/", omittingEmptySubsequences: false).last ?? "") }
    if own.contains(name) { return true }
    guard let part = SplitBundleWriter.bundle(ofPart: name) else { return false }
    return part.bundle == own[0]
  }
}
