// Alternative: ES module without dotenv: Node's own process.loadEnvFile() reads .env (it never
// overrides variables already set); the settings are frozen once, the key compared in constant time.
import express from "express";
import { timingSafeEqual } from "node:crypto";

try {
  process.loadEnvFile(".env");
} catch (err) {
  if (err.code !== "ENOENT") throw err; // no .env file is fine
}

const settings = Object.freeze({
  port: Number.parseInt(process.env.PORT || "3000", 10),
  apiKey: process.env.API_KEY ? Buffer.from(process.env.API_KEY) : null,
});

function keyMatches(given) {
  if (typeof given !== "string") return false;
  const candidate = Buffer.from(given);
  return candidate.length === settings.apiKey.length && timingSafeEqual(candidate, settings.apiKey);
}

const app = express();

app.get("/config", (req, res) => {
  res.json({ port: settings.port, apiKeyConfigured: settings.apiKey !== null });
});

app.get("/secret", (req, res) => {
  if (settings.apiKey === null) return res.status(500).json({ error: "server misconfigured: no API key set" });
  if (!keyMatches(req.get("x-api-key"))) return res.status(401).json({ error: "missing or wrong X-API-Key" });
  return res.json({ message: "Access granted" });
});

app.listen(settings.port, "0.0.0.0", () => console.log(`config demo on ${settings.port}`));
