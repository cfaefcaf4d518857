#!/usr/bin/env bash
# Writes the seed corpus of every fuzz target into DIR/<Target>/ (never committed): the fixtures
# (Tests/Fixtures) are copied only there, and age files and filter sessions are generated.
#   Tests/Fuzz/seeds.sh DIR
set -euo pipefail
out=${1:?usage: seeds.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
# The independent sops implementation, where it is beside the checkout, decrypts a few more seeds.
shared=${GITSOPS_SHARED:-$(cd "$here/../../.." && pwd)/shared}
fixtures=$here/../Fixtures/sops
suite=$here/../Fixtures/yaml-test-suite
rm -rf "$out"
mkdir -p "$out"/{YAMLFuzz,SopsStoreFuzz,SopsDocumentFuzz,AgeFuzz,FilterProtocolFuzz}

# YAML: every yaml-test-suite input and the sops YAML fixtures.
find "$suite" -name in.yaml | while read -r f; do
    cp "$f" "$out/YAMLFuzz/suite-$(echo "${f#$suite/}" | tr / -)"
done
cp "$fixtures"/*.yaml "$out/YAMLFuzz/"

# Sops documents: every encrypted fixture (the harness knows their data keys).
for f in example.yaml example.json example.txt example.ini comments.enc.yaml comments_unencrypted_comments.yaml \
         multiple_keys.yaml no_mac.yaml format.enc.yaml format.enc.json format.enc.env format.enc.ini format-2.enc.ini; do
    cp "$fixtures/$f" "$out/SopsDocumentFuzz/$f"
done

# Sops plaintext stores: the plain fixtures, and the encrypted ones decrypted by sops_ref with the
# fixtures' PGP key (in a throwaway GNUPGHOME).
cp "$fixtures"/{comments.yaml,comments_list.yaml,plainfile.yaml,sops-root.sops.yaml,functional-tests.sops.yaml} "$out/SopsStoreFuzz/"
gnupg=$(mktemp -d)
trap 'rm -rf "$gnupg"' EXIT
chmod 700 "$gnupg"
if [ -f "$shared/tools/sops-ref/sops_ref.py" ] \
    && GNUPGHOME=$gnupg gpg --batch --quiet --import "$fixtures/sops_functional_tests_key.asc" 2>/dev/null; then
    for f in example.yaml example.json example.ini comments.enc.yaml format.enc.env format.enc.ini; do
        GNUPGHOME=$gnupg python3 "$shared/tools/sops-ref/sops_ref.py" decrypt --emit "$fixtures/$f" \
            > "$out/SopsStoreFuzz/plain-$f" 2>/dev/null || rm -f "$out/SopsStoreFuzz/plain-$f"
    done
fi

# age: X25519 files (binary and armored) from the age CLI to sops' test recipient, an scrypt file,
# an identity file.
recipient=age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun
for n in 0 5 100; do
    head -c "$n" /dev/zero | tr '\0' x > "$gnupg/payload"
    age -r "$recipient" -o "$out/AgeFuzz/x25519-$n.age" "$gnupg/payload"
    age -a -r "$recipient" -r age1tmaae3ld5vpevmsh5yacsauzx8jetg300mpvc4ugp5zr5l6ssq9sla97ep \
        -o "$out/AgeFuzz/x25519-$n.age.asc" "$gnupg/payload"
done
printf '# created: 2024-01-01T00:00:00Z\n# public key: %s\nAGE-SECRET-KEY-1G0Q5K9TV4REQ3ZSQRMTMG8NSWQGYT0T7TZ33RAZEE0GZYVZN0APSU24RK7\n' \
    "$recipient" > "$out/AgeFuzz/keys.txt"
python3 "$here/seeds.py" age-scrypt "$out/AgeFuzz/scrypt.age"

# Filter protocol: whole sessions as git writes them (handshake, clean, smudge, delayed smudge).
python3 "$here/seeds.py" filter-sessions "$out/FilterProtocolFuzz" "$fixtures"
