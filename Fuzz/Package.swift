// swift-tools-version: 6.0
import PackageDescription

// The fuzz targets, kept out of the main package so its build never needs the sanitizers.
// One executable holds every target; `ZFUZZ_TARGET` picks one (see README.md).
// A path dependency's package identity is its directory's name, whatever the checkout is called.
let root = String(#filePath.split(separator: "/").dropLast(2).last ?? "zmigrate")

let package = Package(
  name: "zmigrate-fuzz",
  platforms: [.macOS(.v13)],
  dependencies: [.package(path: "..")],
  targets: [
    .executableTarget(
      name: "zfuzz",
      dependencies: [
        .product(name: "MailModel", package: root),
        .product(name: "MailStores", package: root),
        .product(name: "ZimbraBundle", package: root),
        .product(name: "Accounts", package: root),
        .product(name: "ContactsCalendars", package: root),
        .product(name: "Outlook", package: root),
      ],
      // ld.gold fails on libFuzzer's `main` beside SwiftPM's renamed one; lld links it.
      linkerSettings: [.unsafeFlags(["-use-ld=lld"])])
  ]
)
