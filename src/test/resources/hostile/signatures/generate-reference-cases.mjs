// Writes the reference-*.http cases of the hostile corpus: callbacks signed by the Standard Webhooks reference
// implementation (the `standardwebhooks` npm package, the version pinned in ../../standard-webhooks/package.json), with
// the two signing secrets of the test profile (application.properties, %test.headshots.webhook.signing-secrets).
// Each case names the instant it was signed at (`# clock:`); HostileCorpusTest sets the service's signature clock to it,
// so these fixed signatures verify, or are refused as stale, on every run. The files are checked in: tests never need Node.
//
// Regenerate (node_modules stays out of the repository; install outside it):
//   mkdir -p /tmp/swnode && cp src/test/resources/standard-webhooks/package.json /tmp/swnode/ \
//     && (cd /tmp/swnode && npm install --ignore-scripts)
//   cd /tmp/swnode && node <repo>/src/test/resources/hostile/signatures/generate-reference-cases.mjs

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

const NEW_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"; // configured in %test, second
const OLD_SECRET = "whsec_dGhlIG9sZCB0ZXN0IHNpZ25pbmcgc2VjcmV0IQ=="; // configured in %test, first
const UNKNOWN_SECRET = "whsec_dGhlIHByZXZpb3VzIHNpZ25pbmcgc2VjcmV0IQ=="; // not configured
const TS = 1767225600; // 2026-01-01T00:00:00Z
const TOLERANCE = 300;

const callback = (n, event = "headshots.completed") => JSON.stringify({
  event,
  headshots_id: `5e1f0000-0000-4000-8000-00000000000${n}`,
  image_urls: [`http://localhost:1/reference/${n}/001.jpg`, `http://localhost:1/reference/${n}/002.jpg`],
});

const sign = (secret, id, body, ts = TS) => new Webhook(secret).sign(id, new Date(ts * 1000), body);

function write(name, { description, expect, clock = TS, id, timestamp = TS, signature, body }) {
  const text = [
    `# ${description}`,
    `# Signed by standardwebhooks@${version} (generate-reference-cases.mjs).`,
    `# expect: ${expect}`,
    `# clock: ${clock}`,
    "POST /webhooks/runflow/headshots HTTP/1.1",
    "Content-Type: application/json",
    `webhook-id: ${id}`,
    `webhook-timestamp: ${timestamp}`,
    `webhook-signature: ${signature}`,
    "",
    body,
    "",
  ].join("\n");
  writeFileSync(new URL(`./${name}.http`, import.meta.url), text);
}

const cases = {
  "reference-valid-new-secret": () => {
    const id = "msg_reference_new_secret";
    const body = callback(1);
    return { description: "A callback signed with the current signing secret.", expect: 200, id, body,
      signature: sign(NEW_SECRET, id, body) };
  },
  "reference-valid-old-secret": () => {
    const id = "msg_reference_old_secret";
    const body = callback(2);
    return { description: "Rotation: a callback signed with the previous signing secret, still configured.", expect: 200,
      id, body, signature: sign(OLD_SECRET, id, body) };
  },
  "reference-several-signatures": () => {
    const id = "msg_reference_several";
    const body = callback(3);
    return { description: "Several signatures, one by an unknown secret, one by ours (a sender mid-rotation).",
      expect: 200, id, body, signature: `${sign(UNKNOWN_SECRET, id, body)} ${sign(NEW_SECRET, id, body)}` };
  },
  "reference-ignored-event": () => {
    const id = "msg_reference_ignored";
    const body = callback(4, "headshots.started");
    return { description: "A correctly signed event we do not process: acknowledged and ignored.", expect: 200, id,
      body, signature: sign(NEW_SECRET, id, body) };
  },
  "reference-tampered-body": () => {
    const id = "msg_reference_tampered";
    const body = callback(5);
    return { description: "The body was changed after signing (one image URL swapped).", expect: 401, id,
      body: body.replace("/001.jpg", "/666.jpg"), signature: sign(NEW_SECRET, id, body) };
  },
  "reference-unknown-secret": () => {
    const id = "msg_reference_unknown";
    const body = callback(6);
    return { description: "Signed with a secret we do not have.", expect: 401, id, body,
      signature: sign(UNKNOWN_SECRET, id, body) };
  },
  "reference-stale": () => {
    const id = "msg_reference_stale";
    const body = callback(7);
    return { description: "A replay one second past the tolerance: the signature is right, the timestamp too old.",
      expect: 401, clock: TS + TOLERANCE + 1, id, body, signature: sign(NEW_SECRET, id, body) };
  },
  "reference-future": () => {
    const id = "msg_reference_future";
    const body = callback(8);
    return { description: "A timestamp one second further in the future than the tolerance.", expect: 401,
      clock: TS - TOLERANCE - 1, id, body, signature: sign(NEW_SECRET, id, body) };
  },
  "reference-id-swapped": () => {
    const body = callback(9);
    return { description: "A valid signature moved onto another webhook-id (to dodge deduplication).", expect: 401,
      id: "msg_reference_swapped_other", body, signature: sign(NEW_SECRET, "msg_reference_swapped", body) };
  },
};

for (const [name, make] of Object.entries(cases)) {
  write(name, make());
}
console.log(`wrote ${Object.keys(cases).length} cases with standardwebhooks@${version}`);
