extension ContactCSVMaps {
  /// English Thunderbird (`thunderbird-csv`).
  static let thunderbird: [String: String] = [
    "First Name": "firstName", "Last Name": "lastName", "Display Name": "fullName",
    "Nickname": "nickname",
    "Primary Email": "email", "Secondary Email": "email2", "Work Phone": "workPhone",
    "Home Phone": "homePhone",
    "Fax Number": "workFax", "Pager Number": "pager", "Mobile Number": "mobilePhone",
    "Home Address": "homeStreet", "Home Address 2": "homeStreet", "Home City": "homeCity",
    "Home State": "homeState", "Home ZipCode": "homePostalCode", "Home Country": "homeCountry",
    "Work Address": "workStreet", "Work Address 2": "workStreet", "Work City": "workCity",
    "Work State": "workState", "Work ZipCode": "workPostalCode", "Work Country": "workCountry",
    "Job Title": "jobTitle", "Department": "department", "Organization": "company",
    "Web Page 1": "workURL", "Web Page 2": "homeURL", "Birth Year": "@birthYear",
    "Birth Month": "@birthMonth",
    "Birth Day": "@birthDay", "Custom 1": "custom1", "Custom 2": "custom2", "Custom 3": "custom3",
    "Custom 4": "custom4", "Notes": "notes",
    "Screen Name": noField,
  ]
}
