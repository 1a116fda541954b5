/// What the charset detector made of bytes that are not UTF-8, and how sure zmigrate is of it.
///
/// The detector's answer is converted with iconv (Windows supersets first: `SHIFT_JIS` is read as
/// `CP932`, `UHC`/`EUC-KR` as `CP949`, `BIG5` as `CP950`, `ISO-8859-9` as `CP1254`; for Greek and
/// Hebrew the ISO and Windows pages are both tried and the better reading is kept). The confidence
/// is zmigrate's own figure, since libuchardet 0.0.7 reports none: the share of the text's
/// non-ASCII characters (punctuation and spaces aside) that are letters or digits of its main script
/// (Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, or CJK = Han, kana and Hangul together), scaled
/// down when there are fewer than `fullEvidence` of them. At `strongConfidence` or more the guess is
/// used.
public struct CharsetGuess: Sendable, Equatable, CustomStringConvertible {
  /// What a reader should do with the bytes.
  public enum Verdict: Sendable, Equatable {
    /// A strong guess: `text` is the bytes read as `charset`.
    case detected
    /// A Western European answer (ISO-8859-1/15, Windows-1252, Mac or DOS Central European…), no
    /// answer, or a weak Latin-script one: the reader keeps its Windows-1252 fallback.
    case western
    /// A weak guess of another script, or bytes the guess cannot convert: the reader refuses the file
    /// and asks for `--encoding`.
    case undecided
  }

  /// The guess is used at this confidence or above.
  public static let strongConfidence = 0.75
  /// Non-ASCII characters needed for full confidence; fewer scale it down (12 of 16 give 0.75).
  public static let fullEvidence = 16

  /// What to do.
  public var verdict: Verdict
  /// The detector's own answer, as it spells it; nil when it had none.
  public var detectorAnswer: String?
  /// The charset the bytes were read as (`detected`), or the best conversion of a weak guess;
  /// `Charset.windows1252` for `western`.
  public var charset: Charset?
  /// The bytes as text in `charset` (nil for `undecided` when no conversion worked).
  public var text: String?
  /// zmigrate's confidence in the reading, 0 to 1, two decimals.
  public var confidence: Double
  /// Non-ASCII characters in the reading, punctuation and spaces aside: the evidence.
  public var evidence: Int

  /// `CP932 (detector: SHIFT_JIS, confidence 1.00)`.
  public var description: String {
    Self.describe(charset?.name ?? "unknown", answer: detectorAnswer, confidence: confidence)
  }

  /// `NAME (detector: ANSWER, confidence 0.93)`, for a reading the caller chose from a guess.
  public static func describe(_ name: String, answer: String?, confidence: Double) -> String {
    "\(name) (detector: \(answer ?? "no answer"), confidence \(format(confidence)))"
  }

  /// The confidence with two decimals.
  public static func format(_ confidence: Double) -> String {
    let hundredths = Int((confidence * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// Bytes of the lines that hold non-ASCII bytes, from the start, that the detector and the
  /// confidence look at (the detector reads about 5 MB/s; ASCII lines tell it nothing).
  public static let sampleLimit = 256 * 1024

  /// Detects and converts `bytes`, which the caller has found not to be UTF-8.
  public static func guess(_ bytes: [UInt8]) -> CharsetGuess {
    let sample = Self.sample(bytes)
    let answer = CharsetDetector.detect(sample)
    let key = answer?.uppercased() ?? ""
    if westernAnswers.contains(key) || answer == nil {
      return western(bytes, sample: sample, answer: answer)
    }
    let isLatin = latinAnswers[key] != nil
    let names = latinAnswers[key] ?? otherAnswers[key] ?? [key]
    // Score each candidate on the sample, then convert the whole input with the best that fits.
    var scored: [(charset: Charset, score: Score)] = []
    for name in names {
      guard let charset = Charset(name: name), case .success(let text) = charset.decode(sample)
      else { continue }
      scored.append((charset, Score(text)))
    }
    scored.sort { $0.score > $1.score }
    for (charset, score) in scored {
      guard case .success(let text) = charset.decode(bytes) else { continue }
      if score.confidence >= strongConfidence {
        return CharsetGuess(
          verdict: .detected, detectorAnswer: answer, charset: charset, text: text,
          confidence: score.confidence, evidence: score.evidence)
      }
      if isLatin { return western(bytes, sample: sample, answer: answer) }
      return CharsetGuess(
        verdict: .undecided, detectorAnswer: answer, charset: charset, text: text,
        confidence: score.confidence, evidence: score.evidence)
    }
    if isLatin { return western(bytes, sample: sample, answer: answer) }
    return CharsetGuess(
      verdict: .undecided, detectorAnswer: answer, charset: Charset(name: names[0]), text: nil,
      confidence: 0, evidence: 0)
  }

  /// The Windows-1252 reading of `bytes`, with the confidence of its sample.
  static func western(_ bytes: [UInt8], sample: [UInt8], answer: String?) -> CharsetGuess {
    let score = Score(SingleByteText.decode(sample))
    return CharsetGuess(
      verdict: .western, detectorAnswer: answer, charset: .windows1252,
      text: SingleByteText.decode(bytes), confidence: score.confidence, evidence: score.evidence)
  }

  /// The lines (LF-separated) that hold a byte of 0x80 or more, in order, up to `sampleLimit`
  /// bytes; `bytes` itself when they are all of it.
  static func sample(_ bytes: [UInt8]) -> [UInt8] {
    var sample: [UInt8] = []
    var start = 0
    var highByte = false
    for (i, byte) in bytes.enumerated() {
      if byte >= 0x80 {
        highByte = true
      } else if byte == 0x0A {
        if highByte { sample += bytes[start...i] }
        if sample.count >= sampleLimit { return sample }
        start = i + 1
        highByte = false
      }
    }
    if highByte, start < bytes.count { sample += bytes[start...] }
    return sample.count == bytes.count ? bytes : sample
  }

  /// zmigrate's confidence in a reading (see the type's description) and its evidence.
  public static func confidence(of text: String) -> (confidence: Double, evidence: Int) {
    let score = Score(text)
    return (score.confidence, score.evidence)
  }

  /// Detector answers read as Windows-1252, the historical fallback: the detector confuses
  /// Western European text with these (mixed French/German/Swedish text comes back as IBM852).
  static let westernAnswers: Set<String> = [
    "", "ASCII", "UTF-8", "ISO-8859-1", "ISO-8859-15", "WINDOWS-1252", "ISO-8859-3",
    "ISO-8859-4", "ISO-8859-10", "ISO-8859-16", "IBM852", "MAC-CENTRALEUROPE",
  ]

  /// Other Latin-script answers, used when strong (else Windows-1252), with the iconv names tried.
  static let latinAnswers: [String: [String]] = [
    "WINDOWS-1250": ["WINDOWS-1250"], "ISO-8859-2": ["ISO-8859-2"],
    "WINDOWS-1254": ["CP1254"], "ISO-8859-9": ["CP1254", "ISO-8859-9"],
    "WINDOWS-1257": ["CP1257"], "ISO-8859-13": ["CP1257", "ISO-8859-13"],
    "WINDOWS-1258": ["CP1258"], "VISCII": ["VISCII"],
  ]

  /// Answers of other scripts, with the iconv names tried (Windows supersets first).
  static let otherAnswers: [String: [String]] = [
    "SHIFT_JIS": ["CP932", "SHIFT_JIS"], "EUC-JP": ["EUC-JP", "EUC-JP-MS"],
    "GB18030": ["GB18030"], "BIG5": ["CP950", "BIG5", "BIG5-HKSCS"], "EUC-TW": ["EUC-TW"],
    "EUC-KR": ["CP949", "EUC-KR"], "UHC": ["CP949"],
    "WINDOWS-1251": ["CP1251"], "KOI8-R": ["KOI8-R"], "ISO-8859-5": ["ISO-8859-5"],
    "IBM855": ["IBM855"], "IBM866": ["IBM866"], "MAC-CYRILLIC": ["MAC-CYRILLIC"],
    "ISO-8859-7": ["ISO-8859-7", "CP1253"], "WINDOWS-1253": ["CP1253", "ISO-8859-7"],
    "WINDOWS-1255": ["CP1255", "ISO-8859-8"], "ISO-8859-8": ["CP1255", "ISO-8859-8"],
    "WINDOWS-1256": ["CP1256"], "ISO-8859-6": ["ISO-8859-6"], "TIS-620": ["CP874", "TIS-620"],
  ]
}

/// How plausible a reading is: the confidence, then the number of letters (which decides between
/// two pages that only differ in a few places, such as ISO-8859-7 and Windows-1253).
struct Score: Comparable {
  var confidence: Double
  var evidence: Int
  var letters: Int

  init(_ text: String) {
    var counts = [Int](repeating: 0, count: Script.allCases.count)
    var considered = 0
    for scalar in text.unicodeScalars where scalar.value >= 0x80 {
      let script = Script(scalar.value)
      if Script.isCommonLetter(scalar.value) {
        considered += 1
        counts[script.rawValue] += 1
        continue
      }
      switch scalar.properties.generalCategory {
      case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
        .initialPunctuation, .finalPunctuation, .otherPunctuation, .spaceSeparator,
        .currencySymbol, .lineSeparator, .paragraphSeparator, .format:
        continue
      case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
        .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber:
        considered += 1
        counts[script.rawValue] += 1
      default:
        considered += 1  // controls, symbols, private use, unassigned: signs of a wrong reading
      }
    }
    letters = counts.reduce(0, +)
    evidence = considered
    guard considered > 0 else {
      confidence = 0
      return
    }
    let main = counts.indices.filter { $0 != Script.other.rawValue }.map { counts[$0] }.max() ?? 0
    let consistency = Double(main) / Double(considered)
    let weight = min(1, Double(considered) / Double(CharsetGuess.fullEvidence))
    confidence = (consistency * weight * 100).rounded() / 100
  }

  static func < (a: Score, b: Score) -> Bool {
    (a.confidence, a.letters) < (b.confidence, b.letters)
  }
}

/// The script group of a code point, by Unicode block.
enum Script: Int, CaseIterable {
  case latin, greek, cyrillic, armenian, hebrew, arabic, thai, cjk, other

  /// Whether a code point is in a run of letters common in names (no category lookup needed).
  static func isCommonLetter(_ value: UInt32) -> Bool {
    switch value {
    case 0x00C0...0x00D6, 0x00D8...0x00F6, 0x00F8...0x017F, 0x0391...0x03A1, 0x03A3...0x03CE,
      0x0410...0x044F, 0x05D0...0x05EA, 0x0621...0x063A, 0x0641...0x064A, 0x3041...0x3096,
      0x30A1...0x30FA, 0x4E00...0x9FFF, 0xAC00...0xD7A3:
      return true
    default:
      return false
    }
  }

  init(_ value: UInt32) {
    switch value {
    case 0x00AA, 0x00B5, 0x00BA, 0x00C0...0x024F, 0x1E00...0x1EFF: self = .latin
    case 0x0370...0x03FF, 0x1F00...0x1FFF: self = .greek
    case 0x0400...0x052F: self = .cyrillic
    case 0x0530...0x058F: self = .armenian
    case 0x0590...0x05FF, 0xFB1D...0xFB4F: self = .hebrew
    case 0x0600...0x06FF, 0x0750...0x077F, 0x08A0...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
      self = .arabic
    case 0x0E00...0x0E7F: self = .thai
    case 0x1100...0x11FF, 0x2E80...0x2FDF, 0x3040...0x30FF, 0x3100...0x31FF, 0x3400...0x4DBF,
      0x4E00...0x9FFF, 0xA960...0xA97F, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF00...0xFFEF,
      0x20000...0x3FFFF:
      self = .cjk
    default: self = .other
    }
  }
}

/// Single-byte Western text: Latin-1, or Windows-1252 (whose five undefined bytes become the C1
/// control of the same number, as Windows does).
public enum SingleByteText {
  /// The code points of Windows-1252's bytes 0x80–0x9F (the rest of the page is Latin-1).
  public static let windows1252High: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]

  /// Every byte as one character: Windows-1252 (the default) or Latin-1.
  public static func decode(_ bytes: some Sequence<UInt8>, windows1252: Bool = true) -> String {
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      let value =
        windows1252 && byte >= 0x80 && byte <= 0x9F
        ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
      if let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
    }
    return String(scalars)
  }
}
