/// The contact and distribution-list properties ([MS-OXOCNTC], [MS-OXPROPS]) the contact mapping
/// reads, by their canonical names.
extension MapiPropertyName {
  // Names.
  /// PidTagGivenName.
  static let contactGivenName = MapiPropertyName.tag(0x3A06)
  /// PidTagSurname.
  static let contactSurname = MapiPropertyName.tag(0x3A11)
  /// PidTagMiddleName.
  static let contactMiddleName = MapiPropertyName.tag(0x3A44)
  /// PidTagDisplayNamePrefix (Mr., Dr., …).
  static let contactDisplayNamePrefix = MapiPropertyName.tag(0x3A45)
  /// PidTagGeneration (Jr., III, …).
  static let contactGeneration = MapiPropertyName.tag(0x3A05)
  /// PidTagNickname.
  static let contactNickname = MapiPropertyName.tag(0x3A4F)
  /// PidTagInitials.
  static let contactInitials = MapiPropertyName.tag(0x3A0A)
  /// PidLidFileUnder: the "file as" text.
  static let contactFileUnder = MapiPropertyName.numbered(.address, 0x8005)

  // Work.
  /// PidTagCompanyName.
  static let contactCompanyName = MapiPropertyName.tag(0x3A16)
  /// PidTagTitle (job title).
  static let contactTitle = MapiPropertyName.tag(0x3A17)
  /// PidTagDepartmentName.
  static let contactDepartmentName = MapiPropertyName.tag(0x3A18)
  /// PidTagOfficeLocation.
  static let contactOfficeLocation = MapiPropertyName.tag(0x3A19)
  /// PidTagProfession.
  static let contactProfession = MapiPropertyName.tag(0x3A46)
  /// PidTagManagerName.
  static let contactManagerName = MapiPropertyName.tag(0x3A4E)
  /// PidTagAssistant (the assistant's name).
  static let contactAssistant = MapiPropertyName.tag(0x3A30)
  /// PidTagSpouseName.
  static let contactSpouseName = MapiPropertyName.tag(0x3A48)

  // Telephone numbers.
  /// PidTagBusinessTelephoneNumber.
  static let contactBusinessPhone = MapiPropertyName.tag(0x3A08)
  /// PidTagBusiness2TelephoneNumber.
  static let contactBusiness2Phone = MapiPropertyName.tag(0x3A1B)
  /// PidTagHomeTelephoneNumber.
  static let contactHomePhone = MapiPropertyName.tag(0x3A09)
  /// PidTagHome2TelephoneNumber.
  static let contactHome2Phone = MapiPropertyName.tag(0x3A2F)
  /// PidTagMobileTelephoneNumber.
  static let contactMobilePhone = MapiPropertyName.tag(0x3A1C)
  /// PidTagBusinessFaxNumber.
  static let contactBusinessFax = MapiPropertyName.tag(0x3A24)
  /// PidTagHomeFaxNumber.
  static let contactHomeFax = MapiPropertyName.tag(0x3A25)
  /// PidTagPrimaryFaxNumber (Outlook's "Other fax").
  static let contactPrimaryFax = MapiPropertyName.tag(0x3A23)
  /// PidTagPagerTelephoneNumber.
  static let contactPager = MapiPropertyName.tag(0x3A21)
  /// PidTagCarTelephoneNumber.
  static let contactCarPhone = MapiPropertyName.tag(0x3A1E)
  /// PidTagAssistantTelephoneNumber.
  static let contactAssistantPhone = MapiPropertyName.tag(0x3A2E)
  /// PidTagCompanyMainTelephoneNumber.
  static let contactCompanyMainPhone = MapiPropertyName.tag(0x3A57)
  /// PidTagCallbackTelephoneNumber.
  static let contactCallbackPhone = MapiPropertyName.tag(0x3A02)
  /// PidTagOtherTelephoneNumber.
  static let contactOtherPhone = MapiPropertyName.tag(0x3A1F)
  /// PidTagPrimaryTelephoneNumber.
  static let contactPrimaryPhone = MapiPropertyName.tag(0x3A1A)
  /// PidTagRadioTelephoneNumber.
  static let contactRadioPhone = MapiPropertyName.tag(0x3A1D)
  /// PidTagTelexNumber.
  static let contactTelex = MapiPropertyName.tag(0x3A2C)
  /// PidTagIsdnNumber.
  static let contactISDN = MapiPropertyName.tag(0x3A2D)
  /// PidTagTelecommunicationsDeviceForDeafTelephoneNumber (TTY/TDD).
  static let contactTTYPhone = MapiPropertyName.tag(0x3A4B)

  // Home address.
  /// PidTagHomeAddressStreet.
  static let contactHomeStreet = MapiPropertyName.tag(0x3A5D)
  /// PidTagHomeAddressCity.
  static let contactHomeCity = MapiPropertyName.tag(0x3A59)
  /// PidTagHomeAddressStateOrProvince.
  static let contactHomeState = MapiPropertyName.tag(0x3A5C)
  /// PidTagHomeAddressPostalCode.
  static let contactHomePostalCode = MapiPropertyName.tag(0x3A5B)
  /// PidTagHomeAddressCountry.
  static let contactHomeCountry = MapiPropertyName.tag(0x3A5A)

  // Other address.
  /// PidTagOtherAddressStreet.
  static let contactOtherStreet = MapiPropertyName.tag(0x3A63)
  /// PidTagOtherAddressCity.
  static let contactOtherCity = MapiPropertyName.tag(0x3A5F)
  /// PidTagOtherAddressStateOrProvince.
  static let contactOtherState = MapiPropertyName.tag(0x3A62)
  /// PidTagOtherAddressPostalCode.
  static let contactOtherPostalCode = MapiPropertyName.tag(0x3A61)
  /// PidTagOtherAddressCountry.
  static let contactOtherCountry = MapiPropertyName.tag(0x3A60)

  // Work address (named) and the mailing address (tagged, PR_BUSINESS_ADDRESS_* in MAPITAGS).
  /// PidLidWorkAddressStreet.
  static let contactWorkStreet = MapiPropertyName.numbered(.address, 0x8045)
  /// PidLidWorkAddressCity.
  static let contactWorkCity = MapiPropertyName.numbered(.address, 0x8046)
  /// PidLidWorkAddressState.
  static let contactWorkState = MapiPropertyName.numbered(.address, 0x8047)
  /// PidLidWorkAddressPostalCode.
  static let contactWorkPostalCode = MapiPropertyName.numbered(.address, 0x8048)
  /// PidLidWorkAddressCountry.
  static let contactWorkCountry = MapiPropertyName.numbered(.address, 0x8049)
  /// PidTagStreetAddress (mailing address).
  static let contactMailingStreet = MapiPropertyName.tag(0x3A29)
  /// PidTagLocality (mailing address).
  static let contactMailingCity = MapiPropertyName.tag(0x3A27)
  /// PidTagStateOrProvince (mailing address).
  static let contactMailingState = MapiPropertyName.tag(0x3A28)
  /// PidTagPostalCode (mailing address).
  static let contactMailingPostalCode = MapiPropertyName.tag(0x3A2A)
  /// PidTagCountry (mailing address).
  static let contactMailingCountry = MapiPropertyName.tag(0x3A26)

  // Dates.
  /// PidTagBirthday: local midnight stored as UTC.
  static let contactBirthday = MapiPropertyName.tag(0x3A42)
  /// PidTagWeddingAnniversary: local midnight stored as UTC.
  static let contactWeddingAnniversary = MapiPropertyName.tag(0x3A41)
  /// PidLidBirthdayLocal: the birthday at midnight, without time-zone conversion.
  static let contactBirthdayLocal = MapiPropertyName.numbered(.address, 0x80DE)
  /// PidLidWeddingAnniversaryLocal: the anniversary at midnight, without time-zone conversion.
  static let contactWeddingAnniversaryLocal = MapiPropertyName.numbered(.address, 0x80DF)

  // Web, IM, user fields.
  /// PidTagBusinessHomePage.
  static let contactBusinessHomePage = MapiPropertyName.tag(0x3A51)
  /// PidTagPersonalHomePage.
  static let contactPersonalHomePage = MapiPropertyName.tag(0x3A50)
  /// PidLidHtml: the business home page Outlook shows.
  static let contactHtml = MapiPropertyName.numbered(.address, 0x802B)
  /// PidLidInstantMessagingAddress.
  static let contactIMAddress = MapiPropertyName.numbered(.address, 0x8062)
  /// PidLidContactUserField1 … 4 (LIDs 0x804F–0x8052), in order.
  static let contactUserFields = (0..<4).map { MapiPropertyName.numbered(.address, 0x804F + $0) }

  // Personal facts Zimbra has no field for.
  /// PidTagAccount.
  static let contactAccount = MapiPropertyName.tag(0x3A00)
  /// PidTagGovernmentIdNumber.
  static let contactGovernmentID = MapiPropertyName.tag(0x3A07)
  /// PidTagCustomerId.
  static let contactCustomerID = MapiPropertyName.tag(0x3A4A)
  /// PidTagHobbies.
  static let contactHobbies = MapiPropertyName.tag(0x3A43)
  /// PidTagChildrensNames (multi-value).
  static let contactChildrensNames = MapiPropertyName.tag(0x3A58)
  /// PidTagLanguage.
  static let contactLanguage = MapiPropertyName.tag(0x3A0C)
  /// PidTagLocation.
  static let contactLocation = MapiPropertyName.tag(0x3A0D)
  /// PidTagReferredByName.
  static let contactReferredBy = MapiPropertyName.tag(0x3A47)
  /// PidTagPostOfficeBox (mailing address).
  static let contactPostOfficeBox = MapiPropertyName.tag(0x3A2B)

  // Distribution lists.
  /// PidLidDistributionListName.
  static let distributionListName = MapiPropertyName.numbered(.address, 0x8053)
  /// PidLidDistributionListOneOffMembers: one one-off entry id per member.
  static let distributionListOneOffMembers = MapiPropertyName.numbered(.address, 0x8054)
  /// PidLidDistributionListMembers: one (wrapped) entry id per member.
  static let distributionListMembers = MapiPropertyName.numbered(.address, 0x8055)
  /// PidLidDistributionListStream: the members of a list too large for the two properties above.
  static let distributionListStream = MapiPropertyName.numbered(.address, 0x8064)
  /// PidLidFreeBusyLocation: the contact's internet free/busy address.
  static let contactFreeBusyLocation = MapiPropertyName.numbered(.address, 0x80D8)

  /// PidTagAttachmentContactPhoto: the attachment is the contact's picture.
  static let attachmentContactPhoto = MapiPropertyName.tag(0x7FFF)
}

/// One of the contact's three e-mail slots ([MS-OXOCNTC] 2.2.1.2): its named properties.
struct OutlookContactEmailSlot: Sendable {
  /// 1, 2 or 3.
  var number: Int
  /// PidLidEmailNEmailAddress.
  var address: MapiPropertyName
  /// PidLidEmailNAddressType.
  var addressType: MapiPropertyName
  /// PidLidEmailNDisplayName.
  var displayName: MapiPropertyName
  /// PidLidEmailNOriginalDisplayName.
  var originalDisplayName: MapiPropertyName

  /// The three slots: Email1 at LIDs 0x8080–0x8084, Email2 at 0x8090–, Email3 at 0x80A0–.
  static let all: [OutlookContactEmailSlot] = [(1, 0x8080), (2, 0x8090), (3, 0x80A0)].map {
    number, base in
    OutlookContactEmailSlot(
      number: number, address: .numbered(.address, base + 3),
      addressType: .numbered(.address, base + 2), displayName: .numbered(.address, base),
      originalDisplayName: .numbered(.address, base + 4))
  }
}
