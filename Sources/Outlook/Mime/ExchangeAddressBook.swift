/// Exchange (X.500) addresses with the SMTP form a file holds for them somewhere, gathered item
/// by item, so that an item that names someone only by the X.500 address gets the SMTP address
/// the file gives elsewhere (a sender's PR_SENDER_SMTP_ADDRESS, a recipient's PR_SMTP_ADDRESS).
public struct ExchangeAddressBook: Sendable {
  /// Upper-cased X.500 address → SMTP address, the first one met for each.
  public private(set) var smtpByX500: [String: String] = [:]

  /// An empty book.
  public init() {}

  /// Learns the pairs `message` holds: its sender, the author it was sent for, and each
  /// recipient whose address type is `EX` and that also carries an SMTP address.
  public mutating func learn(from message: MapiMessage) {
    let bag = message.properties
    learn(
      type: bag.string(.senderAddressType), address: bag.string(.senderEmailAddress),
      smtp: bag.string(.senderSMTPAddress))
    learn(
      type: bag.string(.sentRepresentingAddressType),
      address: bag.string(.sentRepresentingEmailAddress),
      smtp: bag.string(.sentRepresentingSMTPAddress))
    for recipient in message.recipients {
      learn(
        type: recipient.string(.addressType), address: recipient.string(.emailAddress),
        smtp: recipient.string(.smtpAddress))
    }
  }

  /// Adds one pair when it is an Exchange address with an SMTP form.
  mutating func learn(type: String?, address: String?, smtp: String?) {
    guard type?.uppercased() == "EX", let address, !address.isEmpty, let smtp,
      smtp.contains("@")
    else { return }
    let key = address.uppercased()
    if smtpByX500[key] == nil { smtpByX500[key] = smtp }
  }
}
