import Foundation
import KeySources
import Sops
import TestSupport
import Testing

/// The §11.2 fixtures: file, format, injected data key and the exact expected plaintext.
struct SopsFixture: CustomTestStringConvertible, Sendable {
    var file: String
    var format: SopsFormat
    var dataKeyHex: String
    var expected: String

    var testDescription: String { file }
    var bytes: [UInt8] { get throws { Array(try Data(contentsOf: SharedFixtures.sops(file))) } }

    static let nonYAML: [SopsFixture] = [
        SopsFixture(file: "example.json", format: .json,
                    dataKeyHex: "faf6a891866fac550ef548b4e5f6fbc98fccc6827cd943cc8d7539747f1d87bd", expected: exampleJSON),
        SopsFixture(file: "example.txt", format: .binary,
                    dataKeyHex: "67788979caa78ea7c5ae7adae47eb9161bfd15c94a2f3d88c708bcfa19a85dd7",
                    expected: "Welcome to SOPS!\n\nSOPS is a manager of encrypted files designed to help distribute secrets.\nCheck it out, it's on github: https://github.com/mozilla/sops\n\n"),
        SopsFixture(file: "example.ini", format: .ini,
                    dataKeyHex: "110e4d601e66ac7039e9ef32e6e8bb93fb1dbf833fb42003c93877ece3003575", expected: exampleINI),
        SopsFixture(file: "format.enc.json", format: .json,
                    dataKeyHex: "9f6aeda6383502c38f7dae6fbbb8cb6890582adb0335effa8952fe590d7a9596", expected: "{\n\t\"foo\": \"bar\"\n}\n"),
        SopsFixture(file: "format.enc.env", format: .dotenv,
                    dataKeyHex: "322d9a97997823fb2bf42f55a6c26100cbaf0520cf88bb7ebee1cf47dd6d318d", expected: "foo = bar\n"),
        SopsFixture(file: "format.enc.ini", format: .ini,
                    dataKeyHex: "ce46fd76883106d55913ff2207e160bbeac65a71d6e1cf84c510614bed6f8ccd", expected: "[foo]\nbar = baz\n"),
        SopsFixture(file: "format-2.enc.ini", format: .ini,
                    dataKeyHex: "200b251d35608cb3451d26d95d0f6c4580575d8f61d908b6d224fc488c65263f", expected: "[foo]\nbar = baz\n"),
    ]

    static let exampleJSON = """
        {
        \t"firstName": "John",
        \t"lastName": "Smith",
        \t"age": 25.4,
        \t"address": {
        \t\t"city": "New York",
        \t\t"postalCode": "10021-3100",
        \t\t"state": "NY",
        \t\t"streetAddress": "21 2nd Street"
        \t},
        \t"phoneNumbers": [
        \t\t{
        \t\t\t"number": "212 555-1234",
        \t\t\t"type": "home"
        \t\t},
        \t\t{
        \t\t\t"number": "646 555-4567",
        \t\t\t"type": "office"
        \t\t}
        \t],
        \t"anEmptyValue": ""
        }

        """

    static let exampleINI = """
        ; An example file for use with sops!
        [name]
        firstName = John
        lastName  = Smith
        age       = 25.4

        [address]
        city          = New York
        postalCode    = 10021-3100
        state         = NY
        streetAddress = 21 2nd Street

        [phoneNumbers]
        home   = 212 555-1234
        office = 646 555-4567

        [not private]
        notsecret_unencrypted = hi there!

        """
}

/// An engine whose only key service answers every unwrap with `dataKey`.
func engine(injecting dataKeyHex: String, type: MasterKeyType = .pgp) -> SopsEngine {
    SopsEngine(keyServices: KeyServices([FakeKeyService(type: type, fixed: Hex.decode(dataKeyHex))]), dataKeyCache: DataKeyCache())
}
