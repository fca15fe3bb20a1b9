#!/usr/bin/env bash
# Writes vectors.json: Runflow-Signature values of the bodies in bodies/, made the way Runflow's own example makes them
# (Node's crypto: createHmac("sha256", secret).update(rawBody).digest("hex"), the secret used as given, whsec_ prefix
# included) and checked against OpenSSL (openssl dgst -sha256 -hmac secret): the script stops if the two ever differ.
# RunflowSignatureVectorsTest replays every vector through our verifier and over HTTP; vectors.json is checked in, so the
# tests need neither Node nor OpenSSL.
#
# Regenerate: src/test/resources/runflow-signatures/generate-vectors.sh   (needs node and openssl on the PATH)
# The output is deterministic: the same bodies and secrets give the same file.
set -euo pipefail
cd "$(dirname "$0")"

# The callback secrets of the test profile (headshots.webhook.runflow-signing-secrets), old and new during a rotation, and
# one that is registered nowhere.
declare -A SECRETS=(
  [old]=whsec_b2xkLXJ1bmZsb3ctY2FsbGJhY2stc2VjcmV0LTIwMjY
  [new]=whsec_bmV3LXJ1bmZsb3ctY2FsbGJhY2stc2VjcmV0LTIwMjY
  [unknown]=whsec_dW5rbm93bi1ydW5mbG93LWNhbGxiYWNrLXNlY3JldA
)

node_sign() { # SECRET FILE
  node -e 'const crypto = require("crypto"); const fs = require("fs");
process.stdout.write(crypto.createHmac("sha256", process.argv[1]).update(fs.readFileSync(process.argv[2])).digest("hex"));' \
    "$1" "$2"
}
openssl_sign() { openssl dgst -sha256 -hmac "$1" "$2" | awk '{print $NF}'; }

sign() { # SECRET FILE: both tools, which must agree
  local by_node by_openssl
  by_node=$(node_sign "$1" "$2")
  by_openssl=$(openssl_sign "$1" "$2")
  [[ $by_node == "$by_openssl" ]] || { echo "node and openssl disagree on $2: $by_node vs $by_openssl" >&2; exit 1; }
  [[ $by_node =~ ^[0-9a-f]{64}$ ]] || { echo "not 64 lowercase hex characters: $by_node" >&2; exit 1; }
  printf '%s' "$by_node"
}

VECTORS=()
vector() { # NAME BODY SECRET SIGNATURE EXPECT
  VECTORS+=("$(printf '    {"name": "%s", "body": "%s", "secret": "%s", "signature": "%s", "expect": "%s"}' "$@")")
}

for body in bodies/*.json; do
  file=${body#bodies/}
  vector "$file signed with the new secret" "$file" new "$(sign "${SECRETS[new]}" "$body")" valid
  vector "$file signed with the old secret (rotation)" "$file" old "$(sign "${SECRETS[old]}" "$body")" valid
done

good=$(sign "${SECRETS[new]}" bodies/run-completed.json)
tampered=$(mktemp)
trap 'rm -f "$tampered"' EXIT
sed 's/"succeeded"/"Succeeded"/' bodies/run-completed.json | tr -d '\n' >"$tampered"
vector "a secret registered nowhere" run-completed.json unknown "$(sign "${SECRETS[unknown]}" bodies/run-completed.json)" invalid
vector "tampered body: the signature of another body" run-failed.json new "$good" invalid
vector "signature of the body with one byte changed" run-completed.json new "$(sign "${SECRETS[new]}" "$tampered")" invalid
vector "uppercase hex of a good signature" run-completed.json new "${good^^}" invalid
vector "63 characters: the last one cut" run-completed.json new "${good:0:63}" invalid
vector "65 characters: one appended" run-completed.json new "${good}0" invalid
vector "64 characters that are not hex" run-completed.json new "$(printf 'g%.0s' {1..64})" invalid
vector "the signature with sha256= in front" run-completed.json new "sha256=$good" invalid
vector "empty" run-completed.json new "" invalid

{
  printf '{\n  "generator": "node %s crypto.createHmac, checked with %s dgst -sha256 -hmac",\n' \
    "$(node --version)" "$(openssl version | cut -d' ' -f1-2)"
  printf '  "secrets": {"old": "%s", "new": "%s", "unknown": "%s"},\n' "${SECRETS[old]}" "${SECRETS[new]}" "${SECRETS[unknown]}"
  printf '  "vectors": [\n'
  for i in "${!VECTORS[@]}"; do
    printf '%s%s\n' "${VECTORS[$i]}" "$([[ $i -lt $((${#VECTORS[@]} - 1)) ]] && echo ,)"
  done
  printf '  ]\n}\n'
} >vectors.json
echo "wrote ${#VECTORS[@]} vectors to $(pwd)/vectors.json"
