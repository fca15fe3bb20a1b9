// Baseline (c) of deploy/local/bench: the handler of the Runflow doc's "Handler example (Node.js / Express)",
// written fresh for the benchmark. As in the doc, it saves the callback to the database and only then answers 200:
//
//     app.post("/webhook/headshots", async (req, res) => {
//       const { event, headshots_id, image_urls } = req.body;
//       if (event === "headshots.completed") { await db.saveHeadshots({ headshots_id, image_urls }); }
//       res.sendStatus(200);
//     });
//
// db.saveHeadshots is one INSERT into Postgres through node-postgres' pool. Two of the doc's cheap "a production
// handler should also" items are in, so that the comparison with headshots-ingest is not flattering to it: the shared
// X-Webhook-Secret header is checked (constant time), and a retried callback is a no-op (ON CONFLICT DO NOTHING).
// Nothing is downloaded: that is the doc's "background job", which this baseline does not have.
//
// Settings (environment): PORT (8112), WEBHOOK_SECRET (bench-secret), PG_POOL_SIZE (10, node-postgres' default), and
// node-postgres' own PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD.
"use strict";

const crypto = require("node:crypto");
const express = require("express");
const { Pool } = require("pg");

const port = Number(process.env.PORT || 8112);
const secret = digest(process.env.WEBHOOK_SECRET || "bench-secret");
const pool = new Pool({ max: Number(process.env.PG_POOL_SIZE || 10) });

const db = {
  async saveHeadshots({ headshots_id, image_urls }) {
    await pool.query(
      "INSERT INTO express_headshots (headshots_id, image_urls) VALUES ($1, $2) ON CONFLICT (headshots_id) DO NOTHING",
      [headshots_id, JSON.stringify(image_urls)],
    );
  },
};

function digest(text) {
  return crypto.createHash("sha256").update(String(text)).digest();
}

const app = express();
app.disable("x-powered-by");
app.use(express.json({ limit: "256kb" }));

app.post("/webhook/headshots", async (req, res) => {
  if (!crypto.timingSafeEqual(digest(req.get("X-Webhook-Secret") || ""), secret)) {
    return res.sendStatus(401);
  }
  const { event, headshots_id, image_urls } = req.body || {};

  if (event === "headshots.completed") {
    // Store image_urls immediately: they expire in 24 hours.
    await db.saveHeadshots({ headshots_id, image_urls });
  }

  res.sendStatus(200);
});

app.get("/health", (req, res) => res.sendStatus(200));

async function main() {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS express_headshots (
       headshots_id uuid PRIMARY KEY,
       image_urls jsonb NOT NULL,
       received_at timestamptz NOT NULL DEFAULT now())`,
  );
  const server = app.listen(port, "127.0.0.1", () => console.log(`express baseline listening on 127.0.0.1:${port}`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error) => {
  console.error("express baseline failed to start:", error.message);
  process.exit(1);
});
