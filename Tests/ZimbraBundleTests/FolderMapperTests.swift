import MailModel
import Testing
import ZimbraBundle

@Suite struct FolderMapperTests {
  private func path(_ components: String..., options: FolderMapOptions = FolderMapOptions())
    -> [String]
  {
    var mapper = FolderMapper(options: options)
    return mapper.map(FolderPath(components)).zimbraPath
  }

  // MARK: INBOX and special folders

  @Test(arguments: ["INBOX", "Inbox", "inbox", "InBoX"])
  func inboxInAnyCaseBecomesInbox(_ name: String) {
    #expect(path(name) == ["Inbox"])
    #expect(path(name, "Projects") == ["Inbox", "Projects"])
  }

  @Test func emptyFolderPathIsTheInbox() {
    var mapper = FolderMapper()
    #expect(mapper.map(FolderPath([])).zimbraPath == ["Inbox"])
  }

  @Test(arguments: [
    ("Sent", "Sent"), ("Sent Items", "Sent"), ("sent messages", "Sent"), ("SENT MAIL", "Sent"),
    ("Drafts", "Drafts"), ("Draft", "Drafts"),
    ("Trash", "Trash"), ("Deleted Items", "Trash"), ("Deleted Messages", "Trash"),
    ("deleted", "Trash"),
    ("Bin", "Trash"),
    ("Junk", "Junk"), ("Junk E-mail", "Junk"), ("Junk Email", "Junk"), ("Spam", "Junk"),
    ("Bulk Mail", "Junk"),
  ])
  func specialFoldersAutomap(_ name: String, _ system: String) {
    #expect(path(name) == [system])
    #expect(path(name, "2020") == [system, "2020"])
    // Courier-style, under INBOX: moved to the top.
    #expect(path("INBOX", name) == [system])
    #expect(path("INBOX", name, "old") == [system, "old"])
  }

  @Test func gmailSpecialFolders() {
    #expect(path("[Gmail]", "Sent Mail") == ["Sent"])
    #expect(path("[Gmail]", "Spam") == ["Junk"])
    #expect(path("[Google Mail]", "Bin") == ["Trash"])
    #expect(path("[Gmail]", "All Mail") == ["[Gmail]", "All Mail"])
  }

  @Test func specialFoldersOnlyAtTheTop() {
    #expect(path("Projects", "Sent") == ["Projects", "Sent"])
    #expect(path("Archive", "Trash", "x") == ["Archive", "Trash", "x"])
  }

  @Test func noAutomapKeepsNames() {
    let options = FolderMapOptions(automap: false)
    #expect(path("Sent Items", options: options) == ["Sent Items"])
    #expect(path("Junk E-mail", options: options) == ["Junk E-mail"])
    #expect(path("INBOX", "Sent", options: options) == ["Inbox", "Sent"])
    #expect(path("[Gmail]", "Sent Mail", options: options) == ["[Gmail]", "Sent Mail"])
    #expect(path("INBOX", options: options) == ["Inbox"])
  }

  @Test func specialFolderSpellingsMergeWithANote() {
    var mapper = FolderMapper()
    let first = mapper.map(FolderPath(["Sent"]))
    let second = mapper.map(FolderPath(["Sent Items"]))
    let third = mapper.map(FolderPath(["INBOX", "Sent"]))
    #expect(first.zimbraPath == ["Sent"])
    #expect(second.zimbraPath == ["Sent"])
    #expect(third.zimbraPath == ["Sent"])
    #expect(first.changes.isEmpty)
    #expect(second.changes.contains { $0.contains("merged") && $0.contains("'Sent'") })
    #expect(second.changes.contains { $0.contains("system folder 'Sent'") })
    // Their subfolders merge as well.
    #expect(mapper.map(FolderPath(["Sent", "2020"])).zimbraPath == ["Sent", "2020"])
    #expect(mapper.map(FolderPath(["Sent Items", "2020"])).zimbraPath == ["Sent", "2020"])
  }

  // MARK: separator, prefix, into, folder map

  @Test func separatorSplitsFlatNames() {
    let options = FolderMapOptions(separator: ".")
    #expect(path("Archive.2023", options: options) == ["Archive", "2023"])
    #expect(path("Lists.swift-dev.old", options: options) == ["Lists", "swift-dev", "old"])
    #expect(path("INBOX.Sent", options: options) == ["Sent"])
    #expect(path("a..b", options: options) == ["a", "_", "b"])
    // Without the option a dot is just a character.
    #expect(path("Archive.2023") == ["Archive.2023"])
  }

  @Test func separatorAndExistingLevelsAgree() {
    var mapper = FolderMapper(options: FolderMapOptions(separator: "."))
    let flat = mapper.map(FolderPath(["Archive.2023"]))
    let nested = mapper.map(FolderPath(["Archive", "2023"]))
    #expect(flat.zimbraPath == nested.zimbraPath)
    #expect(mapper.map(FolderPath(["Archive"])).zimbraPath == ["Archive"])
  }

  @Test func prefixIsRemoved() {
    let dotted = FolderMapOptions(separator: ".", prefix: "INBOX.")
    #expect(path("INBOX.Projects", options: dotted) == ["Projects"])
    #expect(path("INBOX.Projects.2024", options: dotted) == ["Projects", "2024"])
    #expect(path("INBOX.Sent", options: dotted) == ["Sent"])
    #expect(path("INBOX", options: dotted) == ["Inbox"])
    #expect(path("Other", options: dotted) == ["Other"])
    // Without a separator the prefix is cut from the name's text.
    let textual = FolderMapOptions(prefix: "INBOX.")
    #expect(path("INBOX.Projects", options: textual) == ["Projects"])
    // A prefix on level boundaries.
    let slash = FolderMapOptions(prefix: "INBOX/")
    #expect(path("INBOX", "Projects", options: slash) == ["Projects"])
    #expect(path("INBOX", options: slash) == ["Inbox"])
  }

  @Test func intoPutsEverythingBelowOneFolder() {
    var mapper = FolderMapper(options: FolderMapOptions(into: ["Imported"]))
    #expect(mapper.map(FolderPath(["INBOX"])).zimbraPath == ["Imported"])
    #expect(mapper.map(FolderPath(["INBOX", "Projects"])).zimbraPath == ["Imported", "Projects"])
    #expect(mapper.map(FolderPath(["Work"])).zimbraPath == ["Imported", "Work"])
    #expect(mapper.map(FolderPath(["Sent Items"])).zimbraPath == ["Imported", "Sent"])
    #expect(mapper.map(FolderPath(["Work", "2020"])).zimbraPath == ["Imported", "Work", "2020"])
    // INBOX/Work and a top-level Work both land in Imported/Work: kept apart.
    #expect(mapper.map(FolderPath(["INBOX", "Work"])).zimbraPath == ["Imported", "Work (2)"])
  }

  @Test func intoWithSeveralLevels() {
    let options = FolderMapOptions(into: ["Migration", "2024"])
    #expect(path("INBOX", options: options) == ["Migration", "2024"])
    #expect(path("Archive", options: options) == ["Migration", "2024", "Archive"])
  }

  @Test func folderMapOverridesFirst() {
    let options = FolderMapOptions(folderMap: [
      "Old Stuff": "Archive/Old", "Sent Items": "Kept/Sent Items", "Projects/Done": "Done",
    ])
    var mapper = FolderMapper(options: options)
    let old = mapper.map(FolderPath(["Old Stuff"]))
    #expect(old.zimbraPath == ["Archive", "Old"])
    #expect(old.changes.contains { $0.contains("folder map") })
    #expect(
      mapper.map(FolderPath(["Old Stuff", "2020"])).zimbraPath == ["Archive", "Old", "2020"])
    #expect(mapper.map(FolderPath(["Sent Items"])).zimbraPath == ["Kept", "Sent Items"])
    #expect(mapper.map(FolderPath(["Projects", "Done", "x"])).zimbraPath == ["Done", "x"])
    #expect(mapper.map(FolderPath(["Projects", "Open"])).zimbraPath == ["Projects", "Open"])
    // A normal folder at the target path merges with it instead of being renamed.
    #expect(mapper.map(FolderPath(["Archive"])).zimbraPath == ["Archive"])
    #expect(mapper.map(FolderPath(["Archive", "Old"])).zimbraPath == ["Archive", "Old"])
  }

  @Test func folderMapTargetMergesWithExistingFolder() {
    var mapper = FolderMapper(options: FolderMapOptions(folderMap: ["Old Archive": "Archive"]))
    #expect(mapper.map(FolderPath(["Archive"])).zimbraPath == ["Archive"])
    let merged = mapper.map(FolderPath(["Old Archive"]))
    #expect(merged.zimbraPath == ["Archive"])
    #expect(merged.changes.contains { $0.contains("merged") })
    #expect(mapper.map(FolderPath(["Archive", "2020"])).zimbraPath == ["Archive", "2020"])
    #expect(mapper.map(FolderPath(["Old Archive", "2020"])).zimbraPath == ["Archive", "2020"])
  }

  // MARK: names Zimbra refuses

  @Test(arguments: [
    ("a:b", "a_b", "':'"), ("say \"hi\"", "say _hi_", "'\"'"), ("tab\there", "tab_here", "TAB"),
    ("cr\rlf\n", "cr_lf_", "CR"), ("bell\u{07}", "bell_", "U+0007"),
    ("del\u{7F}x", "del_x", "U+007F"),
    ("nonchar\u{FFFF}", "nonchar_", "U+FFFF"),
  ])
  func refusedCharactersAreReplaced(_ name: String, _ expected: String, _ shown: String) {
    var mapper = FolderMapper()
    let mapped = mapper.map(FolderPath([name]))
    #expect(mapped.zimbraPath == [expected])
    #expect(mapped.changes.contains { $0.contains("\(shown) replaced by '_'") })
  }

  @Test func dotNamesEmptyNamesAndTrailingSpaces() {
    #expect(path("..") == ["__"])
    #expect(path(".") == ["_"])
    #expect(path("Archive", "..", "x") == ["Archive", "__", "x"])
    #expect(path("") == ["_"])
    #expect(path("a", "", "b") == ["a", "_", "b"])
    #expect(path("Name   ") == ["Name"])
    #expect(path("   ") == ["_"])
    #expect(path(".. ") == ["__"])
    #expect(path(" lead") == [" lead"])
    var mapper = FolderMapper()
    #expect(mapper.map(FolderPath(["Name  "])).changes.contains { $0.contains("trailing spaces") })
    #expect(mapper.map(FolderPath([".."])).changes.contains { $0.contains("'..'") })
    // Dots inside a name are fine.
    #expect(path("...x") == ["...x"])
    #expect(path("v1.2") == ["v1.2"])
  }

  @Test func slashInsideAComponentStaysOneLevel() {
    var mapper = FolderMapper()
    let mapped = mapper.map(FolderPath(["a/b", "c"]))
    #expect(mapped.zimbraPath == ["a_b", "c"])
    #expect(mapped.changes.contains { $0.contains("'/' replaced by '_'") })
    #expect(FolderMapper.entryDirectory(mapped.zimbraPath) == "a_b/c")
    #expect(path("/etc") == ["_etc"])
  }

  @Test func longNamesAreCut() {
    let long = String(repeating: "x", count: 300)
    var mapper = FolderMapper()
    let mapped = mapper.map(FolderPath([long]))
    #expect(mapped.zimbraPath == [String(repeating: "x", count: 255)])
    #expect(mapped.changes.contains { $0.contains("300") && $0.contains("255") })
    // Zimbra counts Java chars (UTF-16 units): 200 emoji are 400 units, cut to 127 emoji.
    let emoji = String(repeating: "😀", count: 200)
    let cut = path(emoji)[0]
    #expect(cut.utf16.count <= 255)
    #expect(cut == String(repeating: "😀", count: 127))
    // Exactly 255 is fine.
    let exact = String(repeating: "y", count: 255)
    #expect(path(exact) == [exact])
  }

  // MARK: collisions

  @Test func caseCollisionsAreKeptApartAndStable() {
    var mapper = FolderMapper()
    let work = mapper.map(FolderPath(["Work"]))
    let lower = mapper.map(FolderPath(["work"]))
    let upper = mapper.map(FolderPath(["WORK"]))
    #expect(work.zimbraPath == ["Work"])
    #expect(lower.zimbraPath == ["work (2)"])
    #expect(upper.zimbraPath == ["WORK (3)"])
    #expect(lower.changes.contains { $0.contains("'Work'") && $0.contains("ignoring case") })
    // Same answer every time.
    #expect(mapper.map(FolderPath(["work"])) == lower)
    #expect(mapper.map(FolderPath(["Work"])) == work)
    // Children follow their renamed parent; unrelated children stay apart too.
    #expect(mapper.map(FolderPath(["work", "x"])).zimbraPath == ["work (2)", "x"])
    #expect(mapper.map(FolderPath(["Work", "x"])).zimbraPath == ["Work", "x"])
  }

  @Test func sanitisingCollisionsAreKeptApart() {
    var mapper = FolderMapper()
    #expect(mapper.map(FolderPath(["a:b"])).zimbraPath == ["a_b"])
    let second = mapper.map(FolderPath(["a_b"]))
    #expect(second.zimbraPath == ["a_b (2)"])
    #expect(second.changes.contains { $0.contains("'a:b'") })
  }

  @Test func collisionsBelowTheTop() {
    var mapper = FolderMapper()
    #expect(mapper.map(FolderPath(["INBOX", "Lists"])).zimbraPath == ["Inbox", "Lists"])
    #expect(mapper.map(FolderPath(["INBOX", "lists"])).zimbraPath == ["Inbox", "lists (2)"])
    // A different parent is no collision.
    #expect(mapper.map(FolderPath(["Archive", "lists"])).zimbraPath == ["Archive", "lists"])
  }

  @Test func collisionSuffixKeepsTheLengthLimit() {
    var mapper = FolderMapper()
    let a = mapper.map(FolderPath([String(repeating: "a", count: 300)])).zimbraPath[0]
    let b = mapper.map(FolderPath([String(repeating: "A", count: 300)])).zimbraPath[0]
    #expect(a.count == 255)
    #expect(b.utf16.count <= 255)
    #expect(b.hasSuffix(" (2)"))
  }

  @Test func zimbraNonMailFoldersAreAvoided() {
    var mapper = FolderMapper()
    let contacts = mapper.map(FolderPath(["Contacts"]))
    #expect(contacts.zimbraPath == ["Contacts (2)"])
    #expect(contacts.changes.contains { $0.contains("Zimbra's Contacts folder") })
    #expect(mapper.map(FolderPath(["calendar"])).zimbraPath == ["calendar (2)"])
    #expect(
      mapper.map(FolderPath(["Projects", "Contacts"])).zimbraPath == ["Projects", "Contacts"])
  }

  // MARK: archive paths

  @Test func entryDirectoryJoinsWithoutDotsOrSlashes() {
    #expect(FolderMapper.entryDirectory(["Inbox"]) == "Inbox")
    #expect(FolderMapper.entryDirectory(["Inbox", "Projects", "2024"]) == "Inbox/Projects/2024")
    // Defensive against input that did not come from the mapper.
    #expect(FolderMapper.entryDirectory(["..", "/etc", "", "."]) == "__/_etc/_/_")
    #expect(FolderMapper.entryDirectory([]) == "Inbox")
  }

  @Test func mappedPathsNeverLeaveTheOutputDirectory() {
    let hostile: [[String]] = [
      [".."], ["..", ".."], ["/"], ["/etc/passwd"], ["a/../../b"], ["", ""], ["."], [" .. "],
      ["..\u{0}"], ["INBOX", ".."], ["Sent", "../x"], ["\\..\\"],
    ]
    for separator: Character? in [nil, ".", "/"] {
      var mapper = FolderMapper(options: FolderMapOptions(separator: separator))
      for components in hostile {
        let mapped = mapper.map(FolderPath(components))
        let directory = FolderMapper.entryDirectory(mapped.zimbraPath)
        #expect(!directory.hasPrefix("/"))
        #expect(!directory.hasPrefix("./"))
        #expect(!directory.hasSuffix("/"))
        for component in directory.split(separator: "/", omittingEmptySubsequences: false) {
          #expect(
            !component.isEmpty && component != "." && component != "..",
            "\(components) → \(directory)")
        }
        #expect(!directory.contains("\u{0}"))
        #expect(directory.split(separator: "/").count == mapped.zimbraPath.count)
      }
    }
  }
}
