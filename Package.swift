// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "zmigrate",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "zmigrate", targets: ["zmigrate"]),
    .library(name: "MailModel", targets: ["MailModel"]),
    .library(name: "MailStores", targets: ["MailStores"]),
    .library(name: "Outlook", targets: ["Outlook"]),
    .library(name: "ZimbraBundle", targets: ["ZimbraBundle"]),
    .library(name: "Migration", targets: ["Migration"]),
    .library(name: "Accounts", targets: ["Accounts"]),
    .library(name: "ContactsCalendars", targets: ["ContactsCalendars"]),
    .library(name: "Formatters", targets: ["Formatters"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
  ],
  targets: [
    .systemLibrary(name: "CZMigrateZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CZMigrateSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "CZMigrateUchardet", pkgConfig: "uchardet", providers: [.apt(["libuchardet-dev"])]),
    .systemLibrary(
      name: "CZMigrateDeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
    .systemLibrary(name: "CZMigratePff", pkgConfig: "libpff", providers: [.apt(["libpff-dev"])]),
    .systemLibrary(
      name: "CZMigrateOlecf", pkgConfig: "libolecf", providers: [.apt(["libolecf-dev"])]),
    .target(name: "CZMigrateDeflateScan"),
    .target(name: "CZMigrateHuffman"),
    // glibc's malloc tuning (mallopt), header only.
    .systemLibrary(name: "CZMigrateMalloc"),
    .target(name: "TextEncodingDetection", dependencies: ["CZMigrateUchardet", "MailModel"]),
    .target(name: "TextFormats"),
    .target(name: "CZMigrateSHA"),
    .target(
      name: "MailModel",
      dependencies: ["CZMigrateSHA", .product(name: "SystemPackage", package: "swift-system")]),
    .target(
      name: "Outlook",
      dependencies: [
        "MailModel", "TextEncodingDetection", "TextFormats", "ContactsCalendars", "CZMigratePff",
        "CZMigrateOlecf",
      ]),
    .target(
      name: "MailStores",
      dependencies: [
        "MailModel", "Outlook", "ContactsCalendars",
        .product(name: "SystemPackage", package: "swift-system"),
      ]),
    .target(
      name: "ZimbraBundle",
      dependencies: [
        "MailModel", "TextFormats", "CZMigrateZlib", "CZMigrateDeflate", "CZMigrateDeflateScan", "CZMigrateHuffman",
        .product(name: "SystemPackage", package: "swift-system"),
      ]),
    .target(
      name: "Accounts",
      dependencies: [
        "MailModel", "TextEncodingDetection", "TextFormats",
        .product(name: "SystemPackage", package: "swift-system"),
      ]),
    .target(
      name: "ContactsCalendars",
      dependencies: ["MailModel", "TextEncodingDetection", "TextFormats"]),
    .target(
      name: "Formatters",
      dependencies: [
        "MailModel", "TextEncodingDetection", "TextFormats", "ContactsCalendars", "ZimbraBundle",
      ]),
    .target(
      name: "Migration",
      dependencies: [
        "MailModel", "MailStores", "ZimbraBundle", "ContactsCalendars", "TextEncodingDetection",
        "Formatters", "CZMigrateSQLite",
      ]),
    .executableTarget(
      name: "zmigrate",
      dependencies: [
        "CZMigrateMalloc", "Migration", "MailModel", "MailStores", "ZimbraBundle", "Accounts", "ContactsCalendars",
        "TextEncodingDetection", "Formatters",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // Runs the `zmigrate` binary built beside it; it links none of the libraries.
    .executableTarget(name: "zmigrate-bench"),
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "MailModelTests", dependencies: ["MailModel"]),
    .testTarget(
      name: "OutlookTests", dependencies: ["Outlook", "MailModel", "ContactsCalendars", "TestSupport"]),
    .testTarget(
      name: "MailStoresTests", dependencies: ["MailStores", "MailModel", "Outlook", "TestSupport"]),
    .testTarget(
      name: "ZimbraBundleTests",
      dependencies: [
        "ZimbraBundle", "MailModel", "TestSupport", "CZMigrateZlib", "CZMigrateDeflate",
        "CZMigrateDeflateScan", "CZMigrateHuffman",
      ]),
    .testTarget(
      name: "ContactsCalendarsTests",
      dependencies: ["ContactsCalendars", "MailModel", "TextEncodingDetection", "TestSupport"]),
    .testTarget(
      name: "AccountsTests",
      dependencies: [
        "Accounts", "MailModel", "TextEncodingDetection", "TextFormats", "TestSupport",
      ]),
    .testTarget(
      name: "FormattersTests",
      dependencies: ["Formatters", "MailModel", "ZimbraBundle", "TestSupport"]),
    .testTarget(name: "TextFormatsTests", dependencies: ["TextFormats"]),
    .testTarget(name: "TextEncodingDetectionTests", dependencies: ["TextEncodingDetection"]),
    .testTarget(
      name: "MigrationTests",
      dependencies: [
        "Migration", "MailStores", "ZimbraBundle", "MailModel", "ContactsCalendars", "TestSupport",
        "Formatters", "Outlook", "zmigrate",
      ]),
  ]
)
