extension ContactCSVMaps {
  /// Google Contacts (`google-csv`); numbered groups (`E-mail 1 - Value`) are mapped by the reader.
  static let google: [String: String] = [
    "Name": "fullName", "Given Name": "firstName", "Additional Name": "middleName",
    "Family Name": "lastName",
    "First Name": "firstName", "Middle Name": "middleName", "Last Name": "lastName",
    "Name Prefix": "namePrefix", "Name Suffix": "nameSuffix", "Nickname": "nickname",
    "File As": "fileAs",
    "Birthday": "birthday", "Notes": "notes", "Group Membership": "@groups", "Labels": "@groups",
    "Organization 1 - Name": "company", "Organization 1 - Title": "jobTitle",
    "Organization 1 - Department": "department", "Organization Name": "company",
    "Organization Title": "jobTitle", "Organization Department": "department",
    "Phonetic First Name": "phoneticFirstName", "Phonetic Last Name": "phoneticLastName",
    "Given Name Yomi": "phoneticFirstName", "Family Name Yomi": "phoneticLastName",
  ]
}
