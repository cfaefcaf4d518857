import Foundation
import KeySources
import Sops
import TestSupport
import Testing
import TextEncoding

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

    static let yaml: [SopsFixture] = [
        SopsFixture(file: "example.yaml", format: .yaml,
                    dataKeyHex: "8c68886c50b5b72965a3cb99c5172e1d74a8aca27b39ee880b535d6907e59f68", expected: exampleYAML),
        SopsFixture(file: "comments.enc.yaml", format: .yaml,
                    dataKeyHex: "61bec946f5783fd4cea3d1b1ce407fce2b6e81fc301cc539c422015e27f6d1be",
                    expected: "# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n"),
        SopsFixture(file: "comments_unencrypted_comments.yaml", format: .yaml,
                    dataKeyHex: "70f645aec88418dff72ac2a7a5503209cf00beda80706e6e157fd94ae53885a0",
                    expected: "# first comment in file\nlorem: ipsum\n# this-is-a-comment\ndolor: sit\n"),
        SopsFixture(file: "multiple_keys.yaml", format: .yaml,
                    dataKeyHex: "1e1db61c6b93c001caa9ce34a9d68448eee8a3c69336697eab36bb92327ce786", expected: "message: hello\n"),
        SopsFixture(file: "format.enc.yaml", format: .yaml,
                    dataKeyHex: "af5e68dd342b72c6a0475f81a50da4fde898f4b7742c92cbcf1668211411f4e4", expected: "foo: bar\n"),
    ]

    static let noMAC = SopsFixture(file: "no_mac.yaml", format: .yaml,
                                   dataKeyHex: "87f9ee7ab041cfd1946fb50e6166b29858fcb4224ae3816186a129248558461f",
                                   expected: "myapp1: t00m4nys3cr3tzupdated\n")

    static let all = nonYAML + yaml

    static let exampleYAML = """
        myapp1: t00m4nys3cr3tzupdated
        app2:
            db:
                user: eve
                password: c4r1b0u
                # private key for secret operations in app2
            key: |
                -----BEGIN RSA PRIVATE KEY-----
                MIIBPAIBAAJBAPTMNIyHuZtpLYc7VsHQtwOkWYobkUblmHWRmbXzlAX6K8tMf3Wf
                ImcbNkqAKnELzFAPSBeEMhrBN0PyOC9lYlMCAwEAAQJBALXD4sjuBn1E7Y9aGiMz
                bJEBuZJ4wbhYxomVoQKfaCu+kH80uLFZKoSz85/ySauWE8LgZcMLIBoiXNhDKfQL
                vHECIQD6tCG9NMFWor69kgbX8vK5Y+QL+kRq+9HK6yZ9a+hsLQIhAPn4Ie6HGTjw
                fHSTXWZpGSan7NwTkIu4U5q2SlLjcZh/AiEA78NYRRBwGwAYNUqzutGBqyXKUl4u
                Erb0xAEyVV7e8J0CIQC8VBY8f8yg+Y7Kxbw4zDYGyb3KkXL10YorpeuZR4LuQQIg
                bKGPkMM4w5blyE1tqGN0T7sJwEx+EUOgacRNqM2ljVA=
                -----END RSA PRIVATE KEY-----
        number: 1.234568e+09
        an_array:
            - secretuser1
            - secretuser2
            - somelongvalueAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
            - some other value
        somebooleans:
            - true
            - false
        this:
            is:
                a:
                    nested:
                        value: with something secret in it
                        # sops supports unencrypted fields
                        # by adding the `_unencrypted` suffix
                        # to any key
        somelist_unencrypted:
            - all elements of this list
            - remain in clear text
            - because of the _unencrypted suffix in the key
        nested_unencrypted:
            this:
                is:
                    all: going to remain in clear text

        """

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
