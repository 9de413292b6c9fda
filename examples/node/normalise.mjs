#!/usr/bin/env node
// Normalise one scraped page with the article normaliser service (Node 18+, no dependencies).
//
//   NORMALISER_URL=http://localhost:8000 node normalise.mjs page.txt
//
// Posts the raw page as text/plain and prints the title, the publication date and the number
// of history entries. Exits 1 with the problem's detail when the service refuses the page.
import { readFile } from "node:fs/promises";

const baseUrl = (process.env.NORMALISER_URL ?? "http://localhost:8000").replace(/\/+$/, "");

async function normalise(text, referenceTime) {
  const url = new URL(`${baseUrl}/v1/normalise`);
  if (referenceTime) url.searchParams.set("reference_time", referenceTime);
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "text/plain; charset=utf-8", Accept: "application/json" },
    body: text,
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(`${response.status} ${body.title ?? ""}: ${body.detail ?? ""}`);
  }
  return body;
}

const [path] = process.argv.slice(2);
if (!path) {
  console.error("usage: node normalise.mjs PAGE_FILE   (service at $NORMALISER_URL)");
  process.exit(2);
}
try {
  const article = await normalise(await readFile(path, "utf8"), process.env.REFERENCE_TIME);
  console.log(`title: ${article.title ?? "(none)"}`);
  console.log(`published: ${article.published?.value ?? "(unknown)"}`);
  console.log(`history: ${article.history.length}`);
} catch (error) {
  // fetch's own message ("fetch failed") hides why: the cause says (ECONNREFUSED, ...)
  const cause = error.cause ? ` (${error.cause.message ?? error.cause.code})` : "";
  console.error(`normalise failed: ${baseUrl}: ${error.message}${cause}`);
  process.exit(1);
}
