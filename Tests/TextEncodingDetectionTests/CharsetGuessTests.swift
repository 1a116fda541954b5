import Foundation
import Testing

@testable import TextEncodingDetection

@Suite struct CharsetGuessTests {
  @Test func charsetNamesAreCheckedWithIconv() {
    for name in ["shift_jis", "CP932", "cp1251", "koi8-r", "Windows-1253", "GB18030", "uhc"] {
      #expect(Charset(name: name) != nil, "\(name)")
    }
    #expect(Charset(name: "cp1251")?.name == "CP1251")
    for name in ["", "auto", "no-such-charset", "utf-9"] {
      #expect(Charset(name: name) == nil, "\(name)")
    }
    #expect(CharsetChoice(name: "AUTO") == .detect)
    #expect(CharsetChoice(name: "koi8-r") == .given(Charset(known: "KOI8-R")))
    #expect(CharsetChoice(name: "nonsense") == nil)
  }

  @Test func decodeAndTheOffsetOfABadByte() throws {
    let sjis = try #require(Charset(name: "CP932"))
    #expect(try sjis.decode([0x8E, 0x52, 0x93, 0x63]).get() == "山田")
    let bytes: [UInt8] = Array("a\r\nb\nc".utf8) + [0x82, 0xA0, 0xFF, 0x41]
    guard case .failure(let error) = sjis.decode(bytes) else {
      Issue.record("0xFF is not CP932")
      return
    }
    #expect(error.offset == 8)
    #expect(error.line(in: bytes) == 3)
    #expect(error.description == "byte 8 is not valid CP932")
    // A character cut off at the end is an error too.
    guard case .failure(let cut) = sjis.decode([0x41, 0x82]) else {
      Issue.record("a lead byte alone is not CP932")
      return
    }
    #expect(cut.offset == 1)
    #expect(try Charset.windows1252.decode([UInt8]()).get() == "")
  }

  /// Big inputs pass through several output chunks.
  @Test func longInputs() throws {
    let text = String(repeating: "Съешь же ещё этих мягких французских булок. ", count: 5000)
    let cp1251 = try #require(Charset(name: "CP1251"))
    let bytes = try #require(text.data(using: .windowsCP1251))
    #expect(try cp1251.decode(bytes).get() == text)
    let guess = CharsetGuess.guess([UInt8](bytes))
    #expect(guess.verdict == .detected)
    #expect(guess.charset?.name == "CP1251")
    #expect(guess.text == text)
  }

  /// The confidence: the share of non-ASCII letters in the main script, scaled by the evidence.
  @Test func confidence() {
    #expect(CharsetGuess.confidence(of: "Иван").confidence == 0.25)
    #expect(CharsetGuess.confidence(of: "Иванов Сергей").confidence == 0.75)
    #expect(CharsetGuess.confidence(of: "Иванов Сергей Петрович").confidence == 1)
    #expect(CharsetGuess.confidence(of: "plain ASCII").confidence == 0)
    // Punctuation and spaces are no evidence either way.
    #expect(CharsetGuess.confidence(of: "«Северный ветер» — Москва").evidence == 19)
    // Japanese read as Windows-1252: Latin letters mixed with symbols and controls, below the bar
    // (0.63: the measure is a sanity check of the reading, not a language model).
    let mojibake = SingleByteText.decode(
      Array("山田太郎、東京都千代田区丸の内".data(using: .shiftJIS) ?? Data()))
    #expect(CharsetGuess.confidence(of: mojibake).confidence < CharsetGuess.strongConfidence)
    #expect(CharsetGuess.format(0.5) == "0.50")
    #expect(CharsetGuess.format(1) == "1.00")
    #expect(CharsetGuess.format(0.07) == "0.07")
  }

  /// Mixed Western European text that the detector calls IBM852 stays Windows-1252.
  @Test func westernTextStaysWindows1252() throws {
    let text = String(
      repeating: "François Müller, Straße 5, Göteborg, Åsa Jönsson, Peña, Señora Muñoz, José. ",
      count: 4)
    let bytes = [UInt8](try #require(text.data(using: .windowsCP1252)))
    let guess = CharsetGuess.guess(bytes)
    #expect(guess.verdict == .western)
    #expect(guess.charset == .windows1252)
    #expect(guess.text == text)
    #expect(guess.description.hasPrefix("WINDOWS-1252 (detector: "))
  }

  /// ISO-8859-7 and Windows-1253 differ in Ά; the reading with more letters wins.
  @Test func greekSiblings() throws {
    let text = String(repeating: "Άννα Παπαδοπούλου, Αθήνα, Ελλάδα. ", count: 3)
    let windows = [UInt8](try #require(text.data(using: .windowsCP1253)))
    let guess = CharsetGuess.guess(windows)
    #expect(guess.text == text)
    #expect(guess.verdict == .detected)
    #expect(guess.confidence == 1)
  }

  /// Every iconv name the guess may try exists in this system's iconv.
  @Test func everyCandidateNameIsKnownToIconv() {
    let names =
      CharsetGuess.latinAnswers.values.flatMap { $0 }
      + CharsetGuess.otherAnswers.values.flatMap { $0 } + ["WINDOWS-1252", "WINDOWS-1250"]
    for name in Set(names).sorted() {
      #expect(Charset(name: name) != nil, "\(name)")
    }
  }

  /// When the detector says ISO-8859-7 for Windows-1253 bytes, the Windows reading has more letters
  /// (Ά at 0xA2 instead of a quotation mark) and wins; the other way round too (¶ is no letter).
  @Test func siblingScoresPreferTheReadingWithMoreLetters() throws {
    let text = "Άννα Κωνσταντίνου, Θεσσαλονίκη"
    let windows = [UInt8](try #require(text.data(using: .windowsCP1253)))
    let cp1253 = try #require(Charset(name: "CP1253"))
    let iso = try #require(Charset(name: "ISO-8859-7"))
    let asWindows = Score(try cp1253.decode(windows).get())
    let asISO = Score(try iso.decode(windows).get())
    #expect(asWindows > asISO)
    // ISO-8859-7 has Ά at 0xB6, where Windows-1253 has ¶.
    let isoBytes: [UInt8] = [0xB6] + windows.dropFirst()
    #expect(Score(try iso.decode(isoBytes).get()) > Score(try cp1253.decode(isoBytes).get()))
  }
}
