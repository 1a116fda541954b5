import Foundation
import Testing

@testable import Formatters

/// A bare word or phrase, as the parser builds it.
private func words(_ tokens: String...) -> QueryExpression {
  .term(.content(TextPattern(tokens: tokens)))
}

private func parse(_ text: String) throws -> QueryExpression {
  try ZimbraQuery(parsing: text, now: Date(timeIntervalSince1970: 1_710_504_000)).expression
}

@Suite struct ZimbraQueryPrecedenceTests {
  @Test func implicitAndBindsTighterThanOr() throws {
    #expect(try parse("k OR b c") == .or([words("k"), .and([words("b"), words("c")])]))
    #expect(
      try parse("k b OR c d")
        == .or([.and([words("k"), words("b")]), .and([words("c"), words("d")])]))
    #expect(try parse("k OR b AND c") == .or([words("k"), .and([words("b"), words("c")])]))
    #expect(try parse("k AND b OR c") == .or([.and([words("k"), words("b")]), words("c")]))
  }

  @Test func notBindsToOneClause() throws {
    #expect(try parse("NOT k OR b") == .or([.not(words("k")), words("b")]))
    #expect(try parse("-k b") == .and([.not(words("k")), words("b")]))
    #expect(try parse("-(k b)") == .not(.and([words("k"), words("b")])))
    #expect(try parse("NOT (k OR b)") == .not(.or([words("k"), words("b")])))
    // + is accepted and changes nothing.
    #expect(try parse("+k") == words("k"))
  }

  @Test func parenthesesGroup() throws {
    #expect(try parse("(k OR b) c") == .and([.or([words("k"), words("b")]), words("c")]))
    #expect(
      try parse("k (b OR (c d))")
        == .and([words("k"), .or([words("b"), .and([words("c"), words("d")])])]))
  }

  @Test func operatorsAreCaseInsensitiveAndHaveSymbols() throws {
    #expect(try parse("k or b") == .or([words("k"), words("b")]))
    #expect(try parse("k && b || ! c") == .or([.and([words("k"), words("b")]), .not(words("c"))]))
    // As in Zimbra's lexer, "!" is NOT only on its own; "!c" is a word.
    #expect(try parse("!c") == words("c"))
    #expect(try parse("k And b") == .and([words("k"), words("b")]))
    // Inside a word a dash is part of it, so "e-mail" is one value (two tokens, a phrase).
    #expect(try parse("e-mail") == words("e", "mail"))
  }

  @Test func fieldListsJoinLikeAQuery() throws {
    let from = { (text: String) in
      QueryExpression.term(.address(.from, TextPattern(tokens: [text])))
    }
    #expect(try parse("from:(a b)") == .and([from("a"), from("b")]))
    #expect(try parse("from:(a OR b c)") == .or([from("a"), .and([from("b"), from("c")])]))
    #expect(try parse("from:(a -b)") == .and([from("a"), .not(from("b"))]))
    // After a free-text field the next word is a value, even "and".
    #expect(try parse("from:and") == from("and"))
  }
}

@Suite struct ZimbraQueryQuotingTests {
  @Test func phrasesAndQuotedValues() throws {
    #expect(try parse("\"two words\"") == words("two", "words"))
    #expect(
      try parse("subject:\"two words\"") == .term(.subject(TextPattern(tokens: ["two", "words"]))))
    #expect(try parse("Subject: hello") == .term(.subject(TextPattern(tokens: ["hello"]))))
  }

  @Test func escapedQuotes() throws {
    #expect(try parse(#"msgid:"a\"b""#) == .term(.messageID(#"a"b"#)))
    #expect(try parse(#""say \"hi\" now""#) == words("say", "hi", "now"))
    // As Zimbra's longest match: with no plain closing quote, the last escaped one closes.
    #expect(try parse(#"msgid:"a\""#) == .term(.messageID(#"a\"#)))
    // A backslash before anything else is kept.
    #expect(try parse(#"msgid:"a\b""#) == .term(.messageID(#"a\b"#)))
  }

  @Test func wildcardsAndStopWords() throws {
    #expect(try parse("hel*") == .term(.content(TextPattern(tokens: ["hel"], lastIsPrefix: true))))
    #expect(
      try parse("\"big sal*\"")
        == .term(.content(TextPattern(tokens: ["big", "sal"], lastIsPrefix: true))))
    // Stop words are dropped as Zimbra's analyzer drops them; a value of only stop words
    // constrains nothing.
    #expect(try parse("\"the cat\"") == words("cat"))
    #expect(try parse("the") == .and([]))
  }
}

@Suite struct ZimbraQueryFieldTests {
  @Test func everyFieldParses() throws {
    let pattern = { (tokens: [String]) in TextPattern(tokens: tokens) }
    #expect(try parse("FROM:jane") == .term(.address(.from, pattern(["jane"]))))
    #expect(try parse("to:bob") == .term(.address(.to, pattern(["bob"]))))
    #expect(try parse("cc:bob") == .term(.address(.cc, pattern(["bob"]))))
    #expect(try parse("to:@Example.com") == .term(.addressDomain(.to, "@example.com")))
    #expect(try parse("tofrom:x") == .term(.address([.to, .from], pattern(["x"]))))
    #expect(try parse("tocc:x") == .term(.address([.to, .cc], pattern(["x"]))))
    #expect(try parse("fromcc:x") == .term(.address([.from, .cc], pattern(["x"]))))
    #expect(try parse("tofromcc:x") == .term(.address([.to, .from, .cc], pattern(["x"]))))
    #expect(try parse("content:hello") == .term(.content(pattern(["hello"]))))
    #expect(try parse("msgid:<abc@host>") == .term(.messageID("abc@host")))
    #expect(
      try parse("in:/Inbox/Work") == .term(.folder(["inbox", "work"], includingSubfolders: false)))
    #expect(try parse("under:Projects") == .term(.folder(["projects"], includingSubfolders: true)))
    #expect(try parse("tag:Important") == .term(.tag("important")))
    #expect(try parse("has:attachment") == .term(.attachment(["any"])))
    #expect(try parse("attachment:pdf") == .term(.attachment(["application/pdf"])))
    #expect(try parse("attachment:image/png") == .term(.attachment(["image/png"])))
    #expect(try parse("type:text") == .term(.contentType(["text"])))
    #expect(try parse("filename:report.pdf") == .term(.fileName(pattern(["report", "pdf"]))))
    #expect(try parse("is:Unread") == .term(.status(.unread)))
    #expect(try parse("larger:10kb") == .term(.size(.larger(than: 10_240))))
    #expect(try parse("bigger:1MB") == .term(.size(.larger(than: 1_048_576))))
    #expect(try parse("smaller:2g") == .term(.size(.smaller(than: 2_147_483_648))))
    #expect(try parse("size:100") == .term(.size(.equal(to: 100))))
    #expect(try parse("size:>1kb") == .term(.size(.larger(than: 1024))))
    #expect(try parse("size:<=1kb") == .term(.size(.smaller(than: 1025))))
    #expect(try parse("larger:=1kb") == .term(.size(.larger(than: 1023))))
    #expect(try parse("size:\"1 KB\"") == .term(.size(.equal(to: 1024))))
  }

  @Test func everyIsValue() throws {
    for status in MessageStatus.allCases {
      #expect(try parse("is:\(status.rawValue)") == .term(.status(status)))
    }
  }

  @Test func attachmentShortNamesMapAsZimbra() throws {
    guard case .term(.attachment(let word)) = try parse("attachment:word") else {
      Issue.record("attachment:word is not an attachment term")
      return
    }
    #expect(word.count == 5 && word.contains("application/msword"))
    #expect(
      word.contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    #expect(try parse("attachment:excel") == parse("attachment:xls"))
    #expect(try parse("type:ppt") == parse("type:powerpoint"))
    #expect(try parse("attachment:image/*") == .term(.attachment(["image"])))
    #expect(try parse("attachment:none") == .term(.attachment(["none"])))
  }

  @Test func dates() throws {
    #expect(
      try parse("before:01/05/2024")
        == .term(.date(DateCondition(.before, .day(year: 2024, month: 1, day: 5)))))
    #expect(
      try parse("after:1/5/2024")
        == .term(.date(DateCondition(.after, .day(year: 2024, month: 1, day: 5)))))
    #expect(
      try parse("date:12/31/99")
        == .term(.date(DateCondition(.within, .day(year: 1999, month: 12, day: 31)))))
    #expect(
      try parse("date:1/1/30")
        == .term(.date(DateCondition(.within, .day(year: 2030, month: 1, day: 1)))))
    #expect(try parse("after:-1day") == .term(.date(DateCondition(.after, .relative(-1, .day)))))
    #expect(
      try parse("before:+2weeks") == .term(.date(DateCondition(.before, .relative(2, .week)))))
    #expect(try parse("after:-3") == .term(.date(DateCondition(.after, .relative(-3, .day)))))
    #expect(try parse("after:-5mi") == .term(.date(DateCondition(.after, .relative(-5, .minute)))))
    #expect(try parse("after:-5m") == .term(.date(DateCondition(.after, .relative(-5, .month)))))
    #expect(try parse("date:today") == .term(.date(DateCondition(.within, .relative(0, .day)))))
    #expect(
      try parse("date:Yesterday") == .term(.date(DateCondition(.within, .relative(-1, .day)))))
    #expect(
      try parse("date:1704412800000")
        == .term(.date(DateCondition(.within, .epochMilliseconds(1_704_412_800_000)))))
    #expect(
      try parse("date:>=1/5/2024")
        == .term(.date(DateCondition(.atOrAfter, .day(year: 2024, month: 1, day: 5)))))
    #expect(
      try parse("date:<=-1day") == .term(.date(DateCondition(.atOrBefore, .relative(-1, .day)))))
    #expect(
      try parse("date:(-1day OR -2days)")
        == .or([
          .term(.date(DateCondition(.within, .relative(-1, .day)))),
          .term(.date(DateCondition(.within, .relative(-2, .day)))),
        ]))
  }

  @Test func needsBodyOnlyForContent() throws {
    #expect(try ZimbraQuery(parsing: "from:a subject:b is:unread").needsBody == false)
    #expect(try ZimbraQuery(parsing: "from:a hello").needsBody == true)
    #expect(try ZimbraQuery(parsing: "from:a -(content:x)").needsBody == true)
  }
}

@Suite struct ZimbraQueryErrorTests {
  @Test(arguments: [
    ("", 1, "empty"),
    ("(a b", 1, "never closed"),
    ("a (", 3, "never closed"),
    ("from:(", 6, "never closed"),
    ("a (b (c)", 3, "never closed"),
    ("a b)", 4, "without a matching"),
    ("\"abc", 1, "unterminated"),
    ("a \"bc", 3, "unterminated"),
    ("foo:bar", 1, "unknown field"),
    ("a Foo:bar", 3, "unknown field"),
    ("envto:x", 1, "not supported offline"),
    ("from:", 1, "needs a value"),
    ("a from: )", 3, "needs a value"),
    ("from:\"\"", 6, "empty phrase"),
    ("before:13/45/2024", 8, "bad date"),
    ("before:2024/01/05", 8, "not year first"),
    ("date:0day", 6, "needs a sign"),
    ("x date:1/5/2024x", 8, "bad date"),
    ("before:", 1, "needs a value"),
    ("after:>1/1/2024", 7, "bad date"),
    ("after:-1fortnight", 7, "bad date"),
    ("after:+2147483648days", 7, "32 bits"),
    ("larger:10xb", 8, "bad size"),
    ("size:", 1, "needs a value"),
    ("a OR", 3, "nothing after"),
    ("OR a", 1, "nothing before"),
    ("a NOT", 3, "nothing after"),
    ("a OR OR b", 6, "right after"),
    ("NOT -a", 5, "right after"),
    ("()", 2, "empty parentheses"),
    ("is:tome", 4, "not supported offline"),
    ("is:bogus", 4, "unknown value"),
    ("has:phone", 5, "not supported offline"),
    ("has:noattachment", 5, "attachment:none"),
    ("subject:re:hi", 11, "put the value in quotes"),
    ("subject:-x", 9, "cannot start with"),
    ("from:(a b", 6, "never closed"),
    ("{abc}", 1, "braced"),
    ("a : b", 3, "':'"),
    ("from:>m", 6, "comparison"),
  ])
  func malformedQueriesNameTheColumn(query: String, column: Int, words: String) {
    let error = #expect(throws: FormattersError.self) { try ZimbraQuery(parsing: query) }
    #expect(error?.column == column, "\(query): \(error?.description ?? "")")
    #expect(error?.message.contains(words) == true, "\(query): \(error?.description ?? "")")
  }

  @Test func descriptionShowsTheColumn() {
    let error = #expect(throws: FormattersError.self) { try ZimbraQuery(parsing: "a OR") }
    #expect(error?.description == "column 3: OR with nothing after it")
  }
}

@Suite struct ZimbraQueryRobustnessTests {
  /// Pieces that stress the lexer and parser when glued together at random.
  static let pieces = [
    "(", ")", "\"", "\\\"", "\\", "-", "+", ":", "from:", "is:", "date:", "size:", "in:", "a", "OR",
    "and", "NOT", "!", "&&", "||", " ", "x*", "{", "}", "@", "1/5/2024", "-1day", "10kb", "é",
    "東", "\t", "\n", ",", ">", "<=",
  ]

  @Test func randomQueriesParseOrFailWithAColumnInside() {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func nextIndex(_ count: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(count))
    }
    let facts = MessageFacts(folder: .init(["INBOX"]), subject: "a b", bodyText: "x y")
    for _ in 0..<3000 {
      let length = 1 + nextIndex(8)
      let query = (0..<length).map { _ in Self.pieces[nextIndex(Self.pieces.count)] }.joined()
      do {
        let parsed = try ZimbraQuery(parsing: query)
        _ = parsed.matches(facts, timeZone: TimeZone(identifier: "UTC") ?? .current)
      } catch let error as FormattersError {
        let column = error.column ?? 0
        #expect(column >= 1 && column <= query.count + 1, "\(query): \(error)")
      } catch {
        Issue.record("\(query): unexpected \(error)")
      }
    }
  }
}
