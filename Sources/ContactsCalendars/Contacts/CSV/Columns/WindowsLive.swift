extension ContactCSVMaps {
  /// Windows Live Mail (`windows-live-mail-csv`): Outlook-like names plus a single `Name` column.
  static let windowsLive: [String: String] = [
    "First Name": "firstName", "Last Name": "lastName", "Middle Name": "middleName",
    "Name": "@name",
    "Nickname": "nickname", "E-mail Address": "email", "Home Street": "homeStreet",
    "Home City": "homeCity",
    "Home Postal Code": "homePostalCode", "Home State": "homeState", "Home Country": "homeCountry",
    "Home Country/Region": "homeCountry", "Home Phone": "homePhone", "Home Fax": "homeFax",
    "Mobile Phone": "mobilePhone", "Personal Web Page": "homeURL", "Business Street": "workStreet",
    "Business City": "workCity", "Business Postal Code": "workPostalCode",
    "Business State": "workState",
    "Business Country": "workCountry", "Business Country/Region": "workCountry",
    "Business Web Page": "workURL",
    "Business Phone": "workPhone", "Business Fax": "workFax", "Pager": "pager",
    "Company": "company",
    "Job Title": "jobTitle", "Department": "department", "Office Location": "office",
    "Notes": "notes",
  ]
}
