import KeySources
import Sops

/// Plaintext documents that exercise each format's syntax: odd spellings, escapes, unicode,
/// empty values, comments, CRLF and missing final newlines.
enum Samples {
    static let json: [String] = [
        "{\"foo\": \"bar\"}",
        "{\n\t\"foo\": \"bar\"\n}\n",
        """
        {
          "name": "web",  "replicas": 3, "ratio": 1.0, "big": 1e3, "neg": -0, "tiny": 1.5e-7,
          "enabled": true, "disabled": false, "nothing": null,
          "escapes": "tab\\there \\"quoted\\" \\u00e9 \\/ <html> & \\u003c",
          "unicode": "héllo ✓ 日本",
          "empty": "",
          "list": [1, "two", [3.5, {"deep": "x"}], []],
          "nested": {"a": {"b": {"c": "d"}}, "e": {}},
          "dup": 1, "dup": 2,
          "secret_unencrypted": "visible",
          "data": {"password": "hunter2", "token": "abc"}
        }   
        """,
        "{\r\n  \"crlf\": \"yes\",\r\n  \"n\": 12345678901234567890\r\n}",
    ]

    static let dotenv: [String] = [
        "foo=bar\n",
        "# a comment\nFOO=bar\nexport BAR = baz \nMULTI=line1\\nline2\nEMPTY=\n\nAFTER_BLANK=x=y\n# trailing comment",
        "WINDOWS=crlf\r\nsecret_unencrypted=clear\r\ndata=x\r\n",
        "UNICODE=héllo ✓\nQUOTED=\"kept as is\"\n",
    ]

    static let ini: [String] = [
        "[foo]\nbar = baz\n",
        """
        ; file comment
        top = level value
        [database]
        # before host
        host = db.example.com ; inline
        port=5432
        password = "  spaced  "
        single = 'quoted'
        backtick = `has # hash`
        triple = \"\"\"multi
        line\"\"\"
        dup = first
        dup = second
        continued = one \\
          two
        empty =

        [not private]
        notsecret_unencrypted = hi there!
        [data]
        token: colon-delimited
        """,
        "[crlf]\r\nkey = value\r\n",
    ]

    static let yaml: [String] = [
        "foo: bar\n",
        "foo: bar",
        """
        # Kubernetes secret
        apiVersion: v1
        kind: Secret
        metadata:
          name: db   # inline on a clear key
          labels: {app: web, tier: "backend"}
        type: Opaque

        stringData:
          # the password
          password: 'hunter2'
          url: "postgres://u@h:5432/db?ssl=true"
          cert: |
            -----BEGIN CERT-----
            abc
            -----END CERT-----
          folded: >
            folded text
            continues here
          kept: |+
            keep

          stripped: |-
            no newline
          empty: ""
          nothing:
          tilde: ~
        data:
          number: 0x1F
          float: 1.50
          exp: 1e3
          bool: True
          date: 2024-01-01
          stamp: 2001-12-14t21:59:43.10-05:00
          octal: 0777
          yes_string: yes
          unicode: "héllo ✓ \\u00e9"
        list:
          - a   # inline a
          - 'b'
          # between
          - [1, 2, {x: y}]
          - nested:
              deep: value
        anchors:
          base: &base
            user: admin
            pass: secret
          derived: *base
          merged:
            <<: *base
            extra: 1
        secret_unencrypted: visible
        ...
        """,
        "first: doc\n---\nsecond: doc\n---\n# only a comment\n---\nthird: [a, b]\n",
        "crlf: yes\r\nlist:\r\n  - one\r\n  - two\r\n",
        "%YAML 1.2\n---\nkey: value\n",
        "\u{FEFF}bom: true\n",
        "sops:enc: x\n# sops:enc\nsecret: s\nplain: p\n# sops:nocrypt\nopen: o\nclosed: c\n",
    ]

    static let binary: [[UInt8]] = [
        Array("Welcome to SOPS!\n\nbinary-ish\n".utf8),
        [0x00, 0xFF, 0xFE, 0x80, 0x0A, 0x41, 0xC3, 0x28],
        [],
    ]

    /// Selection settings to cover (nil is the default rule).
    static let selections: [SelectionRule?] = [
        nil,
        .encryptedSuffix("_secret"),
        .unencryptedRegex("^(name|host|top)$"),
        .encryptedRegex("^(data|stringData|password|database)$"),
        .unencryptedCommentRegex("nocrypt"),
        .encryptedCommentRegex("sops:enc"),
    ]
}
