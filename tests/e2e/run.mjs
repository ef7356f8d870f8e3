// End-to-end tests of ce2's web page: a real `ce2 serve --sample`, driven in headless Chromium
// (Debian's /usr/bin/chromium) by playwright-core. Plain Node: `node run.mjs` (or `npm test`).
//
// Environment: CE2_BIN (default target/release/ce2, from the repository root), CHROMIUM
// (default /usr/bin/chromium), E2E_OUT (where screenshots go; default a new temporary folder).
// Nothing is built here: build ce2 first (`cargo build --release -p ce2`).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.resolve(root, process.env.CE2_BIN || "target/release/ce2");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ce2-e2e-"));
const out = process.env.E2E_OUT ? path.resolve(process.env.E2E_OUT) : path.join(work, "out");
fs.mkdirSync(out, { recursive: true });

const started = Date.now();
// However the tests go wrong, they end: after 5 minutes the run fails.
setTimeout(() => { console.error("\nFAILED: the end-to-end tests took more than 5 minutes"); process.exit(1); }, 300_000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let server = null;
let browser = null;
let page = null;

// ---------------------------------------------------------------------------------------------
// The server: a fresh store with the sample lists, on a port the system picks.

async function startServer() {
  assert.ok(fs.existsSync(bin), `no ce2 binary at ${bin}: build it with cargo build --release -p ce2, or set CE2_BIN`);
  const store = path.join(work, "store.sqlite");
  const log = fs.createWriteStream(path.join(work, "server.log"));
  server = spawn(bin, ["--store", store, "serve", "--sample", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.pipe(log);
  const exited = new Promise((_, reject) => server.once("exit", (code, sig) => reject(new Error(`ce2 serve exited (${code ?? sig}); see ${path.join(work, "server.log")}`))));
  exited.catch(() => {});
  let key = null;
  let base = null;
  const lines = readline.createInterface({ input: server.stdout });
  const ready = new Promise((resolve) => {
    let n = 0;
    lines.on("line", (line) => {
      log.write(line.replace(/ce2_[0-9a-f]{64}/, "ce2_<key>") + "\n");
      n += 1;
      // Line 2, indented, is the sample store's admin key; then the address bound.
      if (n === 2) key = line.trim();
      const m = line.match(/open (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { base = m[1]; resolve(); }
    });
  });
  let timer;
  const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error("ce2 serve did not start within 120 s")), 120_000); });
  await Promise.race([ready, exited, late]).finally(() => clearTimeout(timer));
  assert.match(key || "", /^ce2_[0-9a-f]{64}$/, "the second line of ce2 serve's output is the admin key");
  // The lists load after the port is bound: wait until the service answers from them.
  for (let i = 0; ; i++) {
    const r = await fetch(base + "/readyz", { headers: { Authorization: "ApiKey " + key } }).catch(() => null);
    if (r && r.ok) break;
    if (i > 600) throw new Error("ce2 serve did not load the sample lists within 60 s");
    await sleep(100);
  }
  return { base, key };
}

const running = () => server && server.exitCode === null && server.signalCode === null;
function stopServer() {
  if (running()) server.kill("SIGTERM");
}
// Stop the server and wait for it to go: SIGTERM, then SIGKILL after 10 s.
async function stopServerAndWait() {
  if (!running()) return;
  const gone = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  let timer;
  const late = new Promise((resolve) => { timer = setTimeout(() => resolve("late"), 10_000); });
  if ((await Promise.race([gone, late])) === "late" && running()) { server.kill("SIGKILL"); await gone; }
  clearTimeout(timer);
}
process.on("exit", () => { if (running()) server.kill("SIGKILL"); });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { stopServer(); process.exit(130); });

// ---------------------------------------------------------------------------------------------
// Helpers.

const steps = [];
async function step(name, fn) {
  const t = Date.now();
  process.stdout.write(`- ${name} … `);
  try {
    await fn();
  } catch (e) {
    console.log("FAILED");
    const shot = path.join(out, `failed-${steps.length + 1}.png`);
    if (page) await page.screenshot({ path: shot, fullPage: true }).then(() => console.error(`  screenshot of the failure: ${shot}`), () => {});
    throw Object.assign(e, { step: name });
  }
  steps.push(name);
  console.log(`ok (${Date.now() - t} ms)`);
}

// Wait until fn() returns something truthy; fail with what was awaited and the last value.
async function until(what, fn, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) { last = e.message; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(50);
  }
}

const text = async (sel) => (await page.locator(sel).first().innerText()).replace(/\s+/g, " ").trim();
const waitText = (sel, re, timeout) => until(`${sel} to read ${re}`, async () => {
  const loc = page.locator(sel).first();
  if (!(await loc.count())) return false;
  const t = (await loc.innerText()).replace(/\s+/g, " ").trim();
  return re.test(t) ? t : false;
}, timeout);
const focused = () => page.evaluate(() => {
  const a = document.activeElement;
  return a ? { tag: a.tagName, id: a.id, text: (a.innerText || a.value || "").trim().slice(0, 120), hitId: a.closest(".hit")?.dataset.id || null } : null;
});

// ---------------------------------------------------------------------------------------------
// The tests.

async function main() {
  const { base, key } = await startServer();
  console.log(`ce2 serve at ${base}; screenshots in ${out}`);
  browser = await chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // Failed requests are reported with their address (below); the console's copy says less.
  page.on("console", (m) => { if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) problems.push(`console: ${m.text()}`); });
  let expect401 = true; // until the key is entered
  page.on("response", (r) => { if (r.status() >= 400 && !(expect401 && r.status() === 401)) problems.push(`${r.status()} from ${r.url()}`); });
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(base + "/") && !u.startsWith("blob:") && !u.startsWith("data:")) problems.push(`request outside the service: ${u}`);
  });

  await step("the page is served with a strict content security policy", async () => {
    const res = await page.goto(base + "/");
    const csp = res.headers()["content-security-policy"] || "";
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const inline = await page.evaluate(() => ({
      scripts: [...document.scripts].filter((s) => !s.src).length,
      styled: document.querySelectorAll("[style]").length,
      styles: document.querySelectorAll("style").length,
    }));
    assert.deepEqual(inline, { scripts: 0, styled: 0, styles: 0 });
    assert.equal(await page.title(), "Screen a name · ce2");
  });

  await step("without a key, the page says to paste one", async () => {
    await waitText("#key-state", /key needed/);
    await page.goto(base + "/#/datasets");
    const msg = await waitText("#ds .error", /API key/);
    assert.match(msg, /Paste your key/);
    assert.equal((await focused()).id, "api-key", "a 401 puts the focus in the key box");
  });

  await step("entering the key", async () => {
    await page.fill("#api-key", key);
    await page.press("#api-key", "Enter");
    await waitText("#key-state", /key accepted/);
    // The page asked for was loaded again, with the key.
    await waitText("#ds", /us_ofac_sdn/);
    expect401 = false;
  });

  await step("screening Park Cheol-su as a person: a MATCH explained by the Korean name", async () => {
    await page.click("nav >> text=Screen");
    await page.fill("#q-name", "Park Cheol-su");
    await page.selectOption("select[name=schema]", "Person");
    await page.fill("#q-subject", "CUST-0042");
    await page.press("#q-name", "Enter");
    const head = await waitText("#results-title", /match/);
    assert.match(head, /^[1-9]\d* match(es)? .*Park Cheol-su/);
    const hit = page.locator(".hit[data-id='ofac-90001']");
    assert.match(await hit.locator(".badge.match").innerText(), /MATCH/);
    assert.match(await hit.locator(".explain").innerText(), /Korean name/);
    assert.match(await hit.locator(".hit-head a").innerText(), /PAK, Chol Su/);
    const first = page.locator(".hit").first();
    assert.match(await first.locator(".badge").first().innerText(), /MATCH/, "the best result comes first and is a match");
    assert.equal((await focused()).id, "results-title", "the focus moves to the results");
  });

  await step("a screenshot at 1366x768, with nothing wider than the screen", async () => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 1366, `the page is ${width}px wide at 1366px`);
    const size = page.viewportSize();
    assert.deepEqual(size, { width: 1366, height: 768 });
    await page.screenshot({ path: path.join(out, "screening-1366x768.png") });
    const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".explain")).fontSize));
    assert.ok(fontSize >= 12, `explanations are ${fontSize}px`);
  });

  await step("the entity page: lists, names, the passport number with its source, sanctions, relations", async () => {
    await page.click(".hit[data-id='ofac-90001'] .hit-head a");
    await waitText("#page-title", /PAK, Chol Su/);
    assert.match(await text("section[aria-labelledby=h-lists]"), /us_ofac_sdn/);
    assert.match(await text("section[aria-labelledby=h-names]"), /Other name PAK, Cheol-su us_ofac_sdn · record 90001 · published 2026-11-02/);
    const passport = page.locator("section[aria-labelledby=h-ids] tr", { hasText: "836410077" });
    assert.ok(await passport.count() >= 1, "the passport number is listed");
    assert.match((await passport.first().innerText()).replace(/\s+/g, " "), /836410077.*us_ofac_sdn · record 90001 · published 2026-11-02/);
    const sanctions = await text("section[aria-labelledby=h-sanctions]");
    assert.match(sanctions, /Sanctions \(1\)/);
    assert.match(sanctions, /Office of Foreign Assets Control: DPRK3, DPRK4/);
    assert.match(sanctions, /UN reference KPi\.901 us_ofac_sdn · record 90001/);
    // The linked party is named once its caption is fetched.
    await waitText("section[aria-labelledby=h-rel]", /Linked to .*\((Organization|Company|LegalEntity)\)/);
    assert.match(await text("section[aria-labelledby=h-other]"), /Birth date 1968-03-14 us_ofac_sdn/);
    await page.screenshot({ path: path.join(out, "entity-1366x768-full.png"), fullPage: true });
  });

  const reason = "Born 1990 in Seoul; the listed PAK was born 1968 <not him>";
  await step("recording a false-positive decision: confirmed, then listed as in force", async () => {
    await page.goBack();
    await waitText("#results-title", /Park Cheol-su/);
    const hit = page.locator(".hit[data-id='ofac-90001']");
    await hit.locator("summary").click();
    assert.equal(await hit.locator("input[name=subject]").inputValue(), "CUST-0042", "the screened party is carried over");
    await hit.locator("input[value=false_positive]").check();
    await hit.locator("input[name=reason]").fill(reason);
    await hit.locator("input[name=reason]").press("Enter");
    const confirm = await until("the confirmation", async () => {
      const t = await hit.locator(".confirm").innerText();
      return /recorded/.test(t) ? t : false;
    });
    assert.match(confirm, /^Decision #\d+ recorded: False positive for CUST-0042, against us_ofac_sdn version \d+\.$/);
    const history = await until("the decision in the pair's history", async () => {
      const t = (await hit.locator(".history").innerText()).replace(/\s+/g, " ");
      return t.includes("Decisions on this pair") ? t : false;
    });
    assert.ok(history.includes(reason), "the reason is listed, as text");
    assert.match(history, /False positive .* in force/);
    await hit.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(out, "decision-1366x768.png") });
    // Screening again shows the decision on the hit.
    await page.press("#q-name", "Enter");
    await until("the decision on the hit", async () => /False positive, in force/.test(await page.locator(".hit[data-id='ofac-90001'] .hit-head").innerText()));
    // And the decisions page lists it.
    await page.click("nav >> text=Decisions");
    const row = page.locator("#dec-list tr", { hasText: "CUST-0042" });
    await row.first().waitFor();
    const r = (await row.first().innerText()).replace(/\s+/g, " ");
    assert.match(r, /CUST-0042 ofac-90001 False positive/);
    assert.ok(r.includes(reason));
    assert.match(r, /in force/);
    assert.ok((await page.locator("#dec-list").innerHTML()).includes("&lt;not him&gt;"), "the reason is escaped");
    // A later decision on the same pair, from the entity page, supersedes the first.
    await row.first().locator("a", { hasText: "ofac-90001" }).click();
    await waitText("#entity-decisions", /Every decision on this entity/);
    await page.locator("#h-dec ~ details summary").click();
    const form = page.locator("#h-dec ~ details form");
    assert.equal(await form.locator("input[name=subject]").inputValue(), "CUST-0042");
    await form.locator("input[value=match]").check();
    await form.locator("input[name=reason]").fill("Same passport number 836410077");
    await form.locator("button[type=submit]").click();
    await waitText("#h-dec ~ details .confirm", /recorded: True match for CUST-0042/);
    const all = await waitText("#entity-decisions", /superseded/);
    assert.match(all, /True match Same passport number 836410077 .* in force .* False positive .* superseded by a later decision/);
  });

  await step("batch screening of a CSV: progress, then the results downloaded", async () => {
    const csv = path.join(work, "customers.csv");
    fs.writeFileSync(csv, [
      "id,name,schema",
      "C1,Park Cheol-su,Person",
      "C2,Jane Example-Nobody,Person",
      "C3,\"Korea Haeyang Trading Corporation\",Organization",
      "C4,\"Smith, John\",Person",
      "C5,SAM HAE 7,Vessel",
    ].join("\n") + "\n");
    await page.click("nav >> text=Batch");
    await page.setInputFiles("#batch-file", csv);
    await page.click("#batch-go");
    const count = await waitText("#batch-count", /5 of 5 rows screened:/, 30_000);
    assert.match(count, /^5 of 5 rows screened: 3 rows with a match \(\d+ hits\), 0 rows with errors\.$/);
    assert.equal(await page.evaluate(() => { const b = document.querySelector("#batch-bar"); return b.value === b.max; }), true);
    assert.equal(await page.locator("#batch-stop").isVisible(), false, "no Stop button once done");
    await page.screenshot({ path: path.join(out, "batch-1366x768.png") });
    const preview = await text(".batch-hits");
    assert.match(preview, /Park Cheol-su/);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#batch-download")]);
    assert.equal(download.suggestedFilename(), "customers-screened.csv");
    const saved = path.join(out, "customers-screened.csv");
    await download.saveAs(saved);
    const lines = fs.readFileSync(saved, "utf8").trim().split(/\r?\n/);
    const head = lines[0].split(",");
    for (const c of ["id", "name", "line", "score", "match", "listed_id", "listed_name", "explanation"]) assert.ok(head.includes(c), `column ${c} in the download`);
    const hits = lines.filter((l) => l.startsWith("C1,Park Cheol-su,Person,") && l.includes(",true,"));
    assert.ok(hits.length >= 1, "the download has Park Cheol-su's hit rows");
    assert.ok(lines.some((l) => l.startsWith("C1,") && l.includes("ofac-90001")));
    assert.ok(lines.some((l) => l.startsWith("C2,Jane Example-Nobody,Person,") && l.includes(",false,")), "a row without a hit is in the download too");
    assert.ok(lines.some((l) => l.startsWith("C5,") && l.includes(",true,")), "the vessel is found");
  });

  await step("batch progress moves as the answer streams in (on a slowed-down network)", async () => {
    const csv = path.join(work, "many.csv");
    const rows = ["id,name"];
    for (let i = 1; i <= 600; i++) rows.push(`R${i},${i % 100 === 0 ? "Park Cheol-su" : `Nobody Listed ${i}`}`);
    fs.writeFileSync(csv, rows.join("\n") + "\n");
    await page.click("nav >> text=Screen");
    await page.click("nav >> text=Batch");
    await page.setInputFiles("#batch-file", csv);
    // The page samples the progress bar as it goes.
    await page.evaluate(() => {
      window.__seen = [];
      const tick = () => {
        const b = document.querySelector("#batch-bar");
        if (!b) return;
        if (window.__seen.at(-1) !== b.value) window.__seen.push(b.value);
        if (!document.querySelector("#batch-download")) setTimeout(tick, 20);
      };
      tick();
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: 24_000, uploadThroughput: -1 });
    let seen;
    try {
      await page.click("#batch-go");
      await waitText("#batch-count", /600 of 600 rows screened: 6 rows with a match/, 60_000);
      // The sampler stops when the download appears, which can be before its last tick: take
      // the bar's final value as well.
      seen = await page.evaluate(() => {
        const v = document.querySelector("#batch-bar").value;
        if (window.__seen.at(-1) !== v) window.__seen.push(v);
        return window.__seen;
      });
      // Stop halfway (slower still, to have time): the count says where, nothing to download.
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: 6_000, uploadThroughput: -1 });
      await page.click("#batch-go");
      await until("some progress", () => page.evaluate(() => document.querySelector("#batch-bar").value > 0));
      await page.click("#batch-stop");
      await waitText("#batch-count", /^Stopped after \d+ of 600 rows\.$/);
      assert.equal(await page.locator("#batch-download").count(), 0);
    } finally {
      await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
      await cdp.detach();
    }
    const between = seen.filter((v) => v > 0 && v < 600);
    assert.ok(between.length >= 3, `the bar passed through values between 0 and 600: ${JSON.stringify(seen)}`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, "the bar only moves forward");
    assert.equal(seen.at(-1), 600);
  });

  await step("the lists with their versions, and a diff with added, removed and changed entities", async () => {
    await page.click("nav >> text=Lists");
    const ofac = page.locator("section.dataset", { hasText: "us_ofac_sdn" });
    await ofac.waitFor();
    await page.screenshot({ path: path.join(out, "lists-1366x768.png") });
    const rows = ofac.locator("tbody tr");
    assert.equal(await rows.count(), 2, "two OFAC versions");
    assert.match(await rows.first().innerText(), /2026-11-02/);
    assert.match(await rows.first().innerText(), /current/);
    await ofac.locator("a", { hasText: "changes since version" }).click();
    const summary = await waitText("#diff p", /→/);
    assert.match(summary, /Version \d+ \(published 2026-10-01\) → version \d+ \(published 2026-11-02\)/);
    for (const [id, what] of [["h-added", "Added"], ["h-removed", "Removed"], ["h-changed", "Changed"]]) {
      const h = await text(`#${id}`);
      const n = Number((h.match(new RegExp(`^${what} \\((\\d+)\\)$`)) || [])[1]);
      assert.ok(n >= 1, `${what}: ${h}`);
    }
    const changed = await text("section[aria-labelledby=h-changed]");
    assert.match(changed, /PAK, Chol Su Person · ofac-90001 Property Added Removed Other name BAK, Chol Su/i);
    assert.ok(await page.locator("section[aria-labelledby=h-changed] td.added").count() >= 1, "added values are marked");
    await page.screenshot({ path: path.join(out, "diff-1366x768-full.png"), fullPage: true });
  });

  await step("keyboard only: screen with Enter, reach the results by Tab, open one, skip link", async () => {
    await page.goto(base + "/#/");
    await until("the name box to have the focus", async () => (await focused())?.id === "q-name");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Kim Yong-su");
    await page.keyboard.press("Tab");
    assert.equal((await focused()).tag, "SELECT");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await waitText("#results-title", /Kim Yong-su/);
    assert.equal((await focused()).id, "results-title");
    await page.keyboard.press("Tab");
    const f = await focused();
    assert.equal(f.tag, "A", "Tab from the results heading reaches the first result");
    assert.ok(f.hitId, "the focused link is in a result");
    const outline = await page.evaluate(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, parseFloat(s.outlineWidth)]; });
    assert.ok(outline[0] !== "none" && outline[1] >= 2, `the focus is visible (${outline})`);
    await page.keyboard.press("Enter");
    await until("the entity page", async () => (await focused())?.id === "page-title" && (await text("#page-title")) !== "Entity");
    assert.match(page.url(), new RegExp(`#/entity/${f.hitId}$`));
    // Back on the screening page the results are still there; the skip link leads to them.
    await page.goBack();
    await waitText("#results-title", /Kim Yong-su/);
    for (let i = 0; i < 20 && (await focused())?.id !== "skip"; i++) await page.keyboard.press("Shift+Tab");
    assert.equal((await focused()).id, "skip", "the skip link is reachable first");
    assert.equal(await text("#skip"), "Skip to results");
    await page.keyboard.press("Enter");
    assert.equal((await focused()).id, "results-title");
    // "/" brings the focus back to the name box.
    await page.keyboard.press("/");
    assert.equal((await focused()).id, "q-name");
  });

  await step("data from the service is shown as text, never run", async () => {
    await page.fill("#q-name", `<img src=x onerror="window.__xss=1">`);
    await page.selectOption("select[name=schema]", "Thing");
    await page.press("#q-name", "Enter");
    await waitText("#results-title", /<img src=x/);
    assert.equal(await page.locator("#results img").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  assert.deepEqual(problems, [], "no script errors, policy violations or outside requests");
}

let failed = null;
try {
  await main();
} catch (e) {
  failed = e;
} finally {
  if (browser) await browser.close().catch(() => {});
  await stopServerAndWait();
}
const secs = ((Date.now() - started) / 1000).toFixed(1);
if (failed) {
  console.error(`\nFAILED${failed.step ? ` in "${failed.step}"` : ""}: ${failed.stack || failed}`);
  const log = path.join(work, "server.log");
  if (fs.existsSync(log)) console.error(`\nce2 serve's log (${log}):\n` + fs.readFileSync(log, "utf8").split("\n").slice(-30).join("\n"));
  console.error(`\n${steps.length} steps passed before the failure; ${secs} s`);
  process.exit(1);
}
for (const f of fs.readdirSync(work)) if (f.startsWith("store.sqlite")) fs.rmSync(path.join(work, f), { force: true });
console.log(`\nall ${steps.length} steps passed in ${secs} s; screenshots and the download in ${out}`);
process.exit(0);
