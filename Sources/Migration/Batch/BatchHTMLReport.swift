import Foundation

/// `DIR/report.html`: the batch report as one self-contained page (inline CSS, an inline SVG
/// chart, a few lines of script to sort the table; nothing loaded from the network). Every value
/// that comes from input data is HTML-escaped.
public enum BatchHTMLReport {
  /// The page for `report`.
  public static func render(_ report: BatchReport) -> String {
    let megabytes = Double(report.bytesWritten) / 1_000_000
    let rate = report.seconds > 0 ? megabytes / report.seconds : 0
    var page = """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>zmigrate batch report</title>
      <style>
      body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
      h1{font-size:1.4em} table{border-collapse:collapse;margin:1em 0}
      th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
      th{background:#eee;cursor:pointer} td.n{text-align:right}
      .failed{background:#fdd} .skipped-items{background:#ffd} .complete{background:#efe}
      .totals span{display:inline-block;margin-right:2em;font-size:1.1em}
      svg{border:1px solid #ccc;background:#fafafa}
      </style></head><body>
      <h1>zmigrate batch report</h1>
      <p>Users: \(escape(report.users)); sources: \(escape(report.sourcePattern))\(report.shard.map { "; shard " + escape($0) } ?? "")</p>
      <div class="totals">
      <span>users <b id="users-total">\(report.userCount)</b></span>
      <span>complete <b id="users-complete">\(report.complete)</b></span>
      <span>with items left out <b id="users-skipped-items">\(report.withSkippedItems)</b></span>
      <span>failed <b id="users-failed">\(report.failed)</b></span>
      <span>messages <b id="messages-written">\(report.messagesWritten)</b></span>
      <span>GB <b id="gigabytes">\(String(format: "%.3f", megabytes / 1000))</b></span>
      <span>seconds <b id="seconds">\(String(format: "%.1f", report.seconds))</b></span>
      <span>MB/s <b id="rate">\(String(format: "%.1f", rate))</b></span>
      </div>

      """
    page += problems(report)
    page += chart(report)
    page += table(report)
    page += """
      <script>
      document.querySelectorAll('#users th').forEach(function(th, column) {
        th.addEventListener('click', function() {
          var body = document.querySelector('#users tbody');
          var rows = Array.from(body.rows);
          var numeric = th.classList.contains('n');
          var sign = th.dataset.sorted === 'up' ? -1 : 1;
          th.dataset.sorted = sign === 1 ? 'up' : 'down';
          rows.sort(function(a, b) {
            var x = a.cells[column].textContent, y = b.cells[column].textContent;
            return sign * (numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y));
          });
          rows.forEach(function(row) { body.appendChild(row); });
        });
      });
      </script>
      </body></html>

      """
    return page
  }

  /// Problems grouped by reason, with how many users and which (the first ten).
  static func problems(_ report: BatchReport) -> String {
    var byReason: [String: [String]] = [:]
    for result in report.results {
      if result.status == "failed" {
        let reason = result.reason.map { String($0.prefix(120)) } ?? "failed"
        byReason["failed: " + reason, default: []].append(result.user)
      }
      for (reason, count) in result.skippedByReason {
        byReason["not written: \(reason)", default: []].append("\(result.user) (\(count))")
      }
    }
    guard !byReason.isEmpty else { return "<h2>Problems</h2><p id=\"problems\">none</p>\n" }
    var html = "<h2>Problems</h2><ul id=\"problems\">\n"
    for (reason, users) in byReason.sorted(by: { $0.key < $1.key }) {
      let shown = users.prefix(10).map(escape).joined(separator: ", ")
      html +=
        "<li><b>\(escape(reason))</b>: \(users.count) user(s): \(shown)\(users.count > 10 ? ", ..." : "")</li>\n"
    }
    return html + "</ul>\n"
  }

  /// Size against duration, one dot per user, as inline SVG.
  static func chart(_ report: BatchReport) -> String {
    let width = 600.0
    let height = 300.0
    let maxBytes = Double(report.results.map(\.bytesWritten).max() ?? 0)
    let maxSeconds = report.results.map(\.seconds).max() ?? 0
    var svg =
      "<h2>Size and duration per user</h2>\n<svg id=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
      + "<line x1=\"40\" y1=\"270\" x2=\"590\" y2=\"270\" stroke=\"#888\"/><line x1=\"40\" y1=\"10\" x2=\"40\" y2=\"270\" stroke=\"#888\"/>\n"
      + "<text x=\"300\" y=\"295\" font-size=\"12\">MB written</text><text x=\"2\" y=\"20\" font-size=\"12\">s</text>\n"
    for result in report.results {
      let x = 40 + (maxBytes > 0 ? Double(result.bytesWritten) / maxBytes : 0) * 540
      let y = 270 - (maxSeconds > 0 ? result.seconds / maxSeconds : 0) * 250
      let colour =
        result.status == "failed" ? "#c00" : result.status == "complete" ? "#080" : "#c80"
      svg +=
        "<circle cx=\"\(String(format: "%.1f", x))\" cy=\"\(String(format: "%.1f", y))\" r=\"4\" fill=\"\(colour)\"><title>\(escape(result.user))</title></circle>\n"
    }
    return svg + "</svg>\n"
  }

  /// The per-user table.
  static func table(_ report: BatchReport) -> String {
    var html = """
      <h2>Users</h2>
      <table id="users"><thead><tr><th>user</th><th>status</th><th class="n">messages</th>\
      <th class="n">not written</th><th class="n">MB</th><th class="n">seconds</th><th>note</th></tr></thead><tbody>

      """
    for result in report.results {
      let note = [result.reason, result.note].compactMap { $0 }.joined(separator: "; ")
      html += "<tr class=\"\(escape(result.status))\"><td>\(escape(result.user))</td>"
      html += "<td>\(escape(result.status))</td><td class=\"n\">\(result.messagesWritten)</td>"
      html += "<td class=\"n\">\(result.messagesSkipped)</td>"
      html +=
        "<td class=\"n\">\(String(format: "%.2f", Double(result.bytesWritten) / 1_000_000))</td>"
      html +=
        "<td class=\"n\">\(String(format: "%.2f", result.seconds))</td><td>\(escape(note))</td></tr>\n"
    }
    return html + "</tbody></table>\n"
  }

  /// `text` safe inside HTML text and attribute values.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }
}
