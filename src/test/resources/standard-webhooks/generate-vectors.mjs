// Writes vectors.json: Standard Webhooks signatures made, and verdicts given, by the reference implementation
// (the `standardwebhooks` npm package, version pinned in package.json). WebhookSignatureVectorsTest checks that our
// verifier agrees with every one of them. vectors.json is checked in, so the tests never need Node.
//
// Regenerate (node_modules stays out of the repository; install outside it):
//   mkdir -p /tmp/swnode && cp package.json /tmp/swnode/ && (cd /tmp/swnode && npm install --ignore-scripts)
//   cd /tmp/swnode && node <repo>/src/test/resources/standard-webhooks/generate-vectors.mjs
// The package is resolved from the current directory; the output is written next to this script. The output is
// deterministic: the same package version gives the same file.

import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(`${process.cwd()}/`);
let Webhook;
let version;
try {
  ({ Webhook } = require("standardwebhooks"));
  ({ version } = require("standardwebhooks/package.json"));
} catch {
  console.error("standardwebhooks is not installed in the current directory: see the regeneration steps at the top");
  process.exit(1);
}

const SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"; // 24 bytes, the spec's minimum
const OTHER_SECRET = "whsec_dGhlIHByZXZpb3VzIHNpZ25pbmcgc2VjcmV0IQ=="; // "the previous signing secret!"
const TOLERANCE_SECONDS = 5 * 60; // the reference's fixed tolerance

const BODIES = {
  ascii: '{"event":"headshots.completed","headshots_id":"a1b2c3d4-e5f6-7890-abcd-ef1234567890"}',
  utf8: '{"name":"Zoë Ångström","note":"写真 📸 ✓","city":"Kraków"}',
  emptyObject: "{}",
  trailingNewline: '{"event":"headshots.completed"}\n',
  crlfText: "not json at all\r\nsecond line",
};

const reference = (secret, id, timestamp, body) => new Webhook(secret).sign(id, new Date(timestamp * 1000), body);

/** What the reference says of these headers at `now`: "valid", or the message it throws. */
function verdict(secret, { id, timestamp, signature, body, now }) {
  const realNow = Date.now;
  Date.now = () => now * 1000;
  try {
    new Webhook(secret).verify(
      body,
      { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
    return "valid";
  } catch (e) {
    return e.message;
  } finally {
    Date.now = realNow;
  }
}

/** `now` is the verifier's clock in unix seconds; the verifying secret is always SECRET. */
function vector(name, headers) {
  const v = { name, secret: SECRET, ...headers };
  return { ...v, reference: verdict(SECRET, v) };
}

const vectors = [];
let ts = 1700000000;
for (const [name, body] of Object.entries(BODIES)) {
  const id = `msg_${name}`;
  vectors.push(vector(name, { id, timestamp: String(ts), now: ts, body, signature: reference(SECRET, id, ts, body) }));
  ts += 86400;
}

const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const body = BODIES.ascii;
const signed = reference(SECRET, id, ts, body);
const other = reference(OTHER_SECRET, id, ts, body);
const base = { id, timestamp: String(ts), now: ts, body, signature: signed };
vectors.push(
  vector("several signatures, the last one ours", { ...base, signature: `${other} v1a,c2lnbmVk ${signed}` }),
  vector("tolerance boundary in the past", { ...base, now: ts + TOLERANCE_SECONDS }),
  vector("tolerance boundary in the future", { ...base, now: ts - TOLERANCE_SECONDS }),
  vector("tampered body", { ...base, body: body.replace("completed", "Completed") }),
  vector("tampered id", { ...base, id: `${id}X` }),
  vector("signed with another secret", { ...base, signature: other }),
  vector("only a v2 entry", { ...base, signature: signed.replace("v1,", "v2,") }),
  vector("one second too old", { ...base, now: ts + TOLERANCE_SECONDS + 1 }),
  vector("one second too new", { ...base, now: ts - TOLERANCE_SECONDS - 1 }),
  vector("non-numeric timestamp", { ...base, timestamp: "yesterday" }),
  vector("empty signature header", { ...base, signature: "" }),
);

const out = new URL("./vectors.json", import.meta.url);
writeFileSync(out, `${JSON.stringify({ generator: `standardwebhooks@${version}`, toleranceSeconds: TOLERANCE_SECONDS, vectors }, null, 2)}\n`);
console.log(`wrote ${vectors.length} vectors to ${out.pathname}`);
