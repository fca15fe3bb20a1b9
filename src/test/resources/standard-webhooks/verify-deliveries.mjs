// Verifies notifications as a customer's handler would, with the Standard Webhooks reference implementation (the
// `standardwebhooks` npm package, version pinned in package.json and package-lock.json). Reads a JSON array of
// {secret, id, timestamp, signature, body} from standard input, the headers and raw body of deliveries the service sent,
// and writes a JSON array of verdicts in the same order: "valid", or the message the reference throws. The verifier's
// clock is the real one: run it within the reference's 5-minute tolerance of the deliveries.
//
// support/ReferenceVerifier installs the package into target/standard-webhooks-node (npm ci) and runs this script there.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(`${process.cwd()}/`);
const { Webhook } = require("standardwebhooks");

const deliveries = JSON.parse(readFileSync(0, "utf8"));
const verdicts = deliveries.map(({ secret, id, timestamp, signature, body }) => {
  try {
    new Webhook(secret).verify(
      body,
      { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
    return "valid";
  } catch (e) {
    return e.message;
  }
});
process.stdout.write(JSON.stringify(verdicts));
