#!/usr/bin/env node
// Normalise one scraped page with the article normaliser service (Node 18+, no dependencies).
//
//   NORMALISER_URL=http://localhost:8000 node normalise.mjs page.txt
//
// Posts the page file's bytes unchanged as text/plain (the service reads UTF-8, or the encoding a
// byte-order mark names), or as text/html when the file is named *.html or *.htm (the service finds
// the main content and reads the charset the document declares), and prints the title, the
// publication date and the number of history entries. NORMALISER_API_KEY, when set, is sent as
// "Authorization: Bearer <key>"; REFERENCE_TIME as the scrape time. Any failure (a file that cannot
// be read, a refused page, a service that cannot be reached) is one line on stderr and exit status
// 1; usage exits 2.
import { readFile } from "node:fs/promises";

const baseUrl = (process.env.NORMALISER_URL || "http://localhost:8000").replace(/\/+$/, "");

// text/html for an HTML file (by its name), else text/plain
const contentType = (path) => (/\.html?$/i.test(path) ? "text/html" : "text/plain");

async function normalise(page, referenceTime, apiKey, mediaType) {
  const url = new URL(`${baseUrl}/v1/normalise`);
  if (referenceTime) url.searchParams.set("reference_time", referenceTime);
  const headers = { "Content-Type": mediaType, Accept: "application/json" };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  let response;
  try {
    response = await fetch(url, { method: "POST", headers, body: page });
  } catch (error) {
    // fetch's own message ("fetch failed") hides why: the cause says (ECONNREFUSED, ...)
    const cause = error.cause ? error.cause.code || error.cause.message : error.message;
    throw new Error(`cannot reach ${baseUrl}: ${cause}`);
  }
  const text = await response.text();
  let body = {};
  try {
    body = JSON.parse(text);
  } catch {
    if (response.ok) throw new Error(`${baseUrl} answered something that is not JSON`);
  }
  if (!response.ok) {
    throw new Error(`${response.status} ${body.title ?? response.statusText}: ${body.detail ?? ""}`);
  }
  return body;
}

const args = process.argv.slice(2);
if (args.length !== 1) {
  console.error("usage: node normalise.mjs PAGE_FILE   (service at $NORMALISER_URL)");
  process.exit(2);
}
let page;
try {
  page = await readFile(args[0]); // a Buffer: the bytes, unchanged
} catch (error) {
  console.error(`normalise failed: cannot read ${args[0]}: ${error.code ?? error.message}`);
  process.exit(1);
}
try {
  const article = await normalise(
    page,
    process.env.REFERENCE_TIME,
    process.env.NORMALISER_API_KEY,
    contentType(args[0]),
  );
  console.log(`title: ${article.title ?? "(none)"}`);
  console.log(`published: ${article.published?.value ?? "(unknown)"}`);
  console.log(`history: ${article.history.length}`);
} catch (error) {
  console.error(`normalise failed: ${error.message}`);
  process.exit(1);
}
