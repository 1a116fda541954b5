import MailModel

/// What an Outlook item is to zmigrate: mail, a groupware item, or something not to convert.
public enum MapiItemKind: Sendable, Equatable {
  /// A message (notes, posts, meeting requests, reports and sticky notes included).
  case mail
  /// A contact (`IPM.Contact`, `IPM.AbchPerson`).
  case contact
  /// A distribution list (`IPM.DistList`).
  case distributionList
  /// An appointment or meeting (`IPM.Appointment`).
  case appointment
  /// A task (`IPM.Task`).
  case task
  /// An item that is not the user's content (a view, rule, form or configuration), with why.
  case hidden(String)
}

/// The Outlook → Zimbra mapping of an item's kind, flags, categories and received date
/// (OUTLOOK-FORMATS.md §5; docs/outlook.md).
public enum MapiMailMapping {
  /// Class prefixes of hidden configuration items, never converted.
  static let hiddenClasses = [
    "IPM.Microsoft.", "IPM.Configuration.", "IPM.RuleOrganizer", "IPM.MessageManager",
  ]

  /// The kind of `message`, from PR_MESSAGE_FLAGS (mfFAI) and PR_MESSAGE_CLASS.
  public static func kind(of message: MapiMessage) -> MapiItemKind {
    let flags = message.properties.integer(.messageFlags) ?? 0
    if flags & 0x40 != 0 {
      return .hidden("a folder-associated item (a view, rule or form), not a message")
    }
    let itemClass = message.messageClass.uppercased()
    if let prefix = hiddenClasses.first(where: { itemClass.hasPrefix($0.uppercased()) }) {
      return .hidden("a hidden configuration item (\(prefix)…), not a message")
    }
    func isClass(_ name: String) -> Bool {
      itemClass == name || itemClass.hasPrefix(name + ".")
    }
    if isClass("IPM.CONTACT") || isClass("IPM.ABCHPERSON") { return .contact }
    if isClass("IPM.DISTLIST") { return .distributionList }
    if isClass("IPM.APPOINTMENT") { return .appointment }
    if isClass("IPM.TASK") { return .task }
    return .mail
  }

  /// The flags Zimbra keeps: read (mfRead), draft (mfUnsent), flagged (PR_FLAG_STATUS 2),
  /// replied and forwarded (PR_LAST_VERB_EXECUTED 102/103 and 104; PR_ICON_INDEX 261 and 262
  /// only when no verb is recorded).
  public static func flags(of message: MapiMessage) -> MessageFlags {
    let bag = message.properties
    var flags: MessageFlags = []
    let messageFlags = bag.integer(.messageFlags) ?? 0
    if messageFlags & 0x01 != 0 { flags.insert(.seen) }
    if messageFlags & 0x08 != 0 { flags.insert(.draft) }
    if bag.integer(.flagStatus) == 2 { flags.insert(.flagged) }
    if let verb = bag.integer(.lastVerbExecuted) {
      if verb == 102 || verb == 103 { flags.insert(.answered) }
      if verb == 104 { flags.insert(.forwarded) }
    } else if let icon = bag.integer(.iconIndex) {
      if icon == 261 { flags.insert(.answered) }
      if icon == 262 { flags.insert(.forwarded) }
    }
    return flags
  }

  /// The categories (PidNameKeywords), in stored order, empty ones and repeats left out.
  public static func keywords(of message: MapiMessage) -> [String] {
    var seen = Set<String>()
    return message.properties.strings(.keywords).filter { !$0.isEmpty && seen.insert($0).inserted }
  }

  /// The received date: delivery time, then submit time, then creation time; nil when the item
  /// has none of them.
  public static func receivedDate(of message: MapiMessage) -> (seconds: Int64, source: DateSource)?
  {
    let bag = message.properties
    if let time = bag.time(.deliveryTime) { return (time, .deliveryTime) }
    if let time = bag.time(.clientSubmitTime) { return (time, .submitTime) }
    if let time = bag.time(.creationTime) { return (time, .creationTime) }
    return nil
  }
}
