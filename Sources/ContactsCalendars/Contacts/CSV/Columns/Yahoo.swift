extension ContactCSVMaps {
  /// Yahoo Mail (`yahoo-csv`); dates are month first. IM columns past `Messenger ID` keep ZCS's
  /// custom field names.
  static let yahoo: [String: String] = [
    "First": "firstName", "Middle": "middleName", "Last": "lastName", "Nickname": "nickname",
    "Email": "email",
    "Category": "@tags", "Distribution Lists": noField, "Messenger ID": "@im:yahoo",
    "Home": "homePhone",
    "Work": "workPhone", "Pager": "pager", "Fax": "workFax", "Mobile": "mobilePhone",
    "Other": "otherPhone",
    "Yahoo! Phone": noField, "Primary": noField, "Alternate Email 1": "email2",
    "Alternate Email 2": "email3",
    "Personal Website": "homeURL", "Business Website": "workURL", "Title": "jobTitle",
    "Company": "company",
    "Work Address": "workStreet", "Work City": "workCity", "Work State": "workState",
    "Work ZIP": "workPostalCode",
    "Work Country": "workCountry", "Home Address": "homeStreet", "Home City": "homeCity",
    "Home State": "homeState",
    "Home ZIP": "homePostalCode", "Home Country": "homeCountry", "Birthday": "birthday",
    "Anniversary": "anniversary",
    "Custom 1": "custom1", "Custom 2": "custom2", "Custom 3": "custom3", "Custom 4": "custom4",
    "Comments": "notes",
    "Messenger ID1": "@im:yahoo", "Messenger ID2": "@im:yahoo", "Messenger ID3": "@im:yahoo",
    "Messenger ID4": "@im:yahoo", "Messenger ID5": "@im:yahoo", "Messenger ID6": "@im:yahoo",
    "Messenger ID7": "@im:yahoo", "Messenger ID8": "@im:yahoo", "Messenger ID9": "@im:yahoo",
    "Skype ID": "skypeId", "IRC ID": "ircId", "ICQ ID": "icqId", "Google ID": "googleChatId",
    "MSN ID": "msnId",
    "AIM ID": "aimId", "QQ ID": "qqId",
  ]
}
